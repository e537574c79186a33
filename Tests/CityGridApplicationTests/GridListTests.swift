import CityGridApplication
import CityGridCore
import CityGridStore
import Foundation
import Testing

/// One grid's cases are found through the live fact table (the database keeps no index on the grid):
/// the list, its pages and its filters are those the store's own walk from the newest case gives.
@Suite struct GridListTests {
    @Test func aGridsListThroughTheFactTableIsTheStoresWalkPageByPage() async throws {
        let fixture = try await ApplicationFixture()
        let app = fixture.application
        let intake = fixture.caller(role: .intakeOperator)
        let grids = Array(ApplicationFixture.demo.city.grids.prefix(4))
        // 41 reports over four grids, some accepted: grid 0 gets 11.
        var ids: [CaseID] = []
        for i in 0..<41 {
            let grid = grids[i % 4]
            let view = try await app.report(ReportRequest(category: i % 3 == 0 ? "E0102" : "C0101", location: grid.boundary.representativePoint,
                                                          description: "grid list \(i)"), by: intake)
            ids.append(view.value.id)
        }
        for id in ids.prefix(12) {
            _ = try? await app.act(on: id, StepRequest(action: "accept"), by: intake)
        }
        // Two accepted cases sent back to intake: in the state reports land in, past their report.
        let shiftLeader = fixture.caller(role: .shiftLeader)
        for id in ids.prefix(2) {
            _ = try await app.act(on: id, StepRequest(action: "send_back", note: "退回 back"), by: shiftLeader)
        }
        let reader = fixture.caller(role: .leader)
        // The whole city's reported cases, page by page, as the store's walk lists them: new reports
        // (from the fact table) and the two sent back (through the index of stepped open cases).
        let allReported = try await fixture.store.cases(CaseQuery(states: [CaseState(rawValue: "reported")], limit: 1000)).cases.map(\.id)
        #expect(allReported.contains(ids[0]) && allReported.contains(ids[1]) && allReported.count == 41 - 10)
        var cityWide = CaseListRequest()
        cityWide.states = ["reported"]
        cityWide.limit = 3
        var pages: [CaseID] = []
        while true {
            let page = try await app.cases(cityWide, for: reader)
            pages += page.cases.map(\.value.id)
            guard let next = page.nextBeforeID else { break }
            cityWide.beforeID = next.rawValue
        }
        #expect(pages == allReported)
        for grid in grids {
            for (states, category) in [([String](), nil as String?), (["reported"], nil), ([], "E01"), (["accepted"], "C01")] {
                // The reference: the store walking every case from the newest (no candidates).
                var query = CaseQuery(region: grid.code, limit: 1000)
                query.states = Set(states.map { CaseState(rawValue: $0) })
                query.categoryPrefix = category
                let expected = try await fixture.store.cases(query).cases.map(\.id)
                var listed: [CaseID] = []
                var request = CaseListRequest()
                request.region = grid.code
                request.states = states
                request.category = category
                request.limit = 2
                while true {
                    let page = try await app.cases(request, for: reader)
                    listed += page.cases.map(\.value.id)
                    guard let next = page.nextBeforeID else { break }
                    request.beforeID = next.rawValue
                }
                #expect(listed == expected, "\(grid.code) \(states) \(category ?? "-")")
            }
        }
        // The check can fail: grid 0 has cases, and not all of them.
        var first = CaseListRequest()
        first.region = grids[0].code
        #expect(try await app.cases(first, for: reader).cases.count == 11)
    }
}
