import CityGridApplication
import CityGridCore
import CityGridGeometry
@testable import CityGridServer
import CityGridService
import CityGridSimulation
import CityGridSQLite
import CityGridStore
import Foundation
import Testing

/// The hand-written case JSON (``CaseDTO/jsonBytes``) against Foundation's `JSONEncoder` with the
/// API's configuration: the same bytes for every case of a simulated city (every state, sub-tasks,
/// offers for two kinds of caller), for strings that need escaping, and for the optional fields
/// present and absent.
@Suite struct CaseJSONTests {
    typealias S = ServerTests
    static let now = ISOTime.parse("2026-11-20T09:30:00Z")!

    static func expectSameBytes(_ dto: CaseDTO, _ comment: Comment? = nil) throws {
        let codable = Array(try JSONRendering.encoder.encode(dto))
        let written = dto.jsonBytes
        #expect(written == codable, comment ?? "case \(dto.id)")
        if written != codable {
            // Show where they part, for whoever reads the failure.
            let at = (0..<min(written.count, codable.count)).first { written[$0] != codable[$0] } ?? min(written.count, codable.count)
            let lower = max(0, at - 60)
            Issue.record("differ at byte \(at): written …\(String(decoding: written[lower..<min(written.count, at + 60)], as: UTF8.self))… codable …\(String(decoding: codable[lower..<min(codable.count, at + 60)], as: UTF8.self))…")
        }
    }

    @Test func everySimulatedCaseIsWrittenAsJSONEncoderWritesIt() async throws {
        let city = try await SimulatedCity(cases: 400, seed: 11, months: 2, end: "2026-11-15T00:00:00Z")
        let (store, service) = (city.store, city.service)
        let application = try await CityApplication.make(service: service)
        let cases = try await store.cases(CaseQuery(limit: 1000)).cases
        #expect(cases.count == 400)
        let admin = Caller(user: try #require(S.demo.users.first { $0.role == .admin }))
        let dispatcher = Caller(user: try #require(S.demo.users.first { $0.role == .dispatcher }))
        var withSubtasks = 0
        var withOffers = 0
        for value in cases {
            for caller in [admin, dispatcher] {
                let view = try await application.caseView(value.id, for: caller, at: Self.now)
                let dto = CaseDTO(view, now: Self.now)
                try Self.expectSameBytes(dto)
                if !(dto.actions ?? []).isEmpty { withOffers += 1 }
            }
            if !value.subtasks.isEmpty { withSubtasks += 1 }
            // As lists show it: no offers at all.
            try Self.expectSameBytes(CaseDTO(CaseView(value: value, categoryName: nil, stateLabel: LocalizedText(zh: "状态", en: "State")), now: Self.now))
        }
        #expect(withOffers > 10, "the sample exercises offered actions")
        // Pages of the list, with and without a next page.
        let listed = cases.prefix(50).map { CaseDTO(CaseView(value: $0, categoryName: LocalizedText(zh: "类", en: "Kind"), stateLabel: LocalizedText(zh: "状态", en: "State")), now: Self.now) }
        for next in [nil, Int64(17)] {
            let codable = Array(try JSONRendering.encoder.encode(CasesController.Page(cases: Array(listed), next_before: next)))
            #expect(CaseDTO.pageJSON(Array(listed), nextBefore: next) == codable)
        }
        #expect(CaseDTO.pageJSON([], nextBefore: nil) == Array(try JSONRendering.encoder.encode(CasesController.Page(cases: [], next_before: nil))))
        #expect(withSubtasks >= 0)
    }

    /// Strings that need escaping, every optional present, nested created cases, and extreme numbers.
    @Test func hostileStringsAndEveryOptionalField() throws {
        let hostile = [
            "", "plain", "quote \" and backslash \\ and slash /", "\u{0}\u{1}\u{7}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{e}\u{1f} \u{7f}",
            "中文：井盖缺失，积水严重", "emoji 😀🚧 and combining é", "\u{2028}\u{2029} line separators", "</script><script>alert(1)</script>",
            "tab\there\r\nnew line", String(repeating: "长", count: 3000),
        ]
        let base = Case.sample()
        var n = 0
        for (i, text) in hostile.enumerated() {
            var value = base
            value.id = CaseID(Int64(i + 1))
            value.description = text
            value.componentID = text.isEmpty ? nil : text
            value.departmentCode = OrganisationCode(text)
            value.stage = text
            value.number = "2026111500\(i)"
            value.location = GeoPoint(lon: [116.0, 116.123456789012, -0.000001, 1e-7, 179.99999999][i % 5], lat: [39.9, 0, -33.8, 89.999999, 1e-5][i % 5])
            value.pendingExtensionSeconds = [nil, 5400, 1, 7, Int64.max / 1000][i % 5]
            value.parentCaseID = i % 2 == 0 ? nil : 42
            value.likelyDuplicateOf = i % 3 == 0 ? nil : -7
            value.reopenedFromID = i % 2 == 1 ? nil : CaseID(Int64.max)
            value.solved = [nil, true, false][i % 3]
            value.satisfaction = [nil, .satisfied, .dissatisfied][i % 3]
            value.acceptedAt = Date(timeIntervalSince1970: 1_700_000_000.75)
            value.filedAt = Date(timeIntervalSince1970: -86_401.5)
            value.dispatchedAt = Date(timeIntervalSince1970: 0)
            value.disposedAt = Date(timeIntervalSince1970: 253_402_300_799)
            value.checkedAt = Date(timeIntervalSince1970: 1_764_000_000)
            value.closedAt = i % 2 == 0 ? nil : Self.now
            value.suspendedSince = Self.now
            value.suspendedSeconds = -5
            value.warnAt = Self.now
            var subtask = Subtask(departmentCode: OrganisationCode(text), summonedAt: Self.now, arrivalDeadline: Self.now.addingTimeInterval(3600),
                                  disposalDeadline: Self.now.addingTimeInterval(86_400))
            if i % 2 == 0 {
                subtask.arrivedAt = Self.now; subtask.doneAt = Self.now; subtask.rating = 5
                subtask.summonedBy = .user(12); subtask.summonerOrganisation = OrganisationCode(text)
            }
            value.subtasks = [subtask, Subtask(departmentCode: "D1", summonedAt: Self.now, arrivalDeadline: Self.now, disposalDeadline: Self.now)]
            let offers = [ActionOffer(action: WorkflowAction(rawValue: "dispatch"), label: LocalizedText(zh: text, en: text), needs: [], bodies: [OrganisationCode(text), "B"])]
            var view = CaseView(value: value, categoryName: LocalizedText(zh: text, en: "E \(text)"), stateLabel: LocalizedText(zh: text, en: text),
                                offers: i % 2 == 0 ? offers : [])
            view.created = i % 3 == 0 ? [CaseView(value: base, categoryName: nil, stateLabel: LocalizedText(zh: "新", en: "New"), offers: offers)] : nil
            try Self.expectSameBytes(CaseDTO(view, now: Self.now), "hostile string \(i)")
            n += 1
        }
        #expect(n == hostile.count)
    }

    /// Random strings over the whole range of characters that need care.
    @Test func randomStrings() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces: [String] = ["\"", "\\", "/", "\u{0}", "\u{1f}", "\u{7f}", "a", "Z", "中", "😀", "\n", "\t", "\u{85}", "\u{feff}", " "]
        var value = Case.sample()
        for _ in 0..<500 {
            value.description = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
            try Self.expectSameBytes(CaseDTO(CaseView(value: value, categoryName: nil, stateLabel: LocalizedText(zh: "", en: "")), now: Self.now))
        }
    }
}

extension Case {
    /// A plain reported case for the encoding tests.
    static func sample() -> Case {
        Case(id: 1, number: "202611150001", category: CategoryCode("E0102")!, source: .hotline, location: GeoPoint(lon: 116.4, lat: 39.9),
             chain: GridChain(grid: RegionCode("110101001001001")!), description: "sample", reporterID: 3,
             reportedAt: ISOTime.parse("2026-11-15T08:00:00Z")!)
    }
}
