import CityGridCore
import CityGridService
import CityGridSQLite
import CityGridStore
import Foundation
import GRDB
import Testing

/// The streaming read of every case, and the change feed on the change stamps ("v30: case change stamps").
@Suite struct CaseStreamTests {
    func reportCases(_ n: Int, _ f: Fixture) async throws -> [Case] {
        var out: [Case] = []
        for i in 0..<n { out.append(try await f.service.report(f.report(grid: i % 5), by: f.actor(role: .intakeOperator))) }
        return out
    }

    @Test func allCasesStreamsEveryCaseInIdOrderInBatches() async throws {
        let f = try await Fixture()
        let made = try await reportCases(23, f)
        var sizes: [Int] = [], ids: [CaseID] = []
        for try await batch in f.store.allCases(batchSize: 5) {
            sizes.append(batch.count)
            ids += batch.map(\.id)
        }
        #expect(ids == made.map(\.id).sorted())
        #expect(sizes == [5, 5, 5, 5, 3])
        var exact: [Int] = []
        for try await batch in f.store.allCases(batchSize: 23) { exact.append(batch.count) }
        #expect(exact == [23], "a last batch that is exactly full ends the stream at the next, empty read")
        var none = 0
        let empty = try await Fixture()
        for try await _ in empty.store.allCases(batchSize: 10) { none += 1 }
        #expect(none == 0)
    }

    @Test func aCancelledConsumerEndsTheStream() async throws {
        let f = try await Fixture()
        _ = try await reportCases(30, f)
        let task = Task { () -> Int in
            var batches = 0
            for try await _ in f.store.allCases(batchSize: 2) {
                batches += 1
                if batches == 3 { withUnsafeCurrentTask { $0?.cancel() } }
            }
            return batches
        }
        let result = await task.result
        switch result {
        case .success(let batches): #expect(batches <= 4)
        case .failure(let error): #expect(error is CancellationError)
        }
    }

    @Test func everyWriteMovesThePosition() async throws {
        let f = try await Fixture()
        let start = try await f.store.changePosition()
        var none = 0
        for try await batch in f.store.casesChanged(after: start, batchSize: 10) { none += batch.count }
        #expect(none == 0, "the city's configuration entries name no case")
        let made = try await reportCases(3, f)
        let afterIntake = try await f.store.changePosition()
        #expect(afterIntake == start + 3)
        // A step on the first case: it is the only one changed after the intake.
        _ = try await f.service.act(caseID: made[0].id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        let afterStep = try await f.store.changePosition()
        #expect(afterStep > afterIntake)
        var changed: [CaseID] = []
        for try await batch in f.store.casesChanged(after: afterIntake, batchSize: 10) { changed += batch.map(\.id) }
        #expect(changed == [made[0].id])
        var all: [CaseID] = []
        for try await batch in f.store.casesChanged(after: 0, batchSize: 2) { all += batch.map(\.id) }
        #expect(Set(all) == Set(made.map(\.id)), "a case may come again when it changed again")
        #expect(all.last == made[0].id, "in the order of their latest change")
        var nothing = 0
        for try await batch in f.store.casesChanged(after: afterStep, batchSize: 10) { nothing += batch.count }
        #expect(nothing == 0)
    }

    @Test func thePositionIsTheChangeLogsSequence() async throws {
        let f = try await Fixture()
        _ = try await reportCases(2, f)
        let position = try await f.store.changePosition()
        #expect(position == (try await f.store.lastChangeSequence()))
        #expect(try await f.store.changes(after: position - 2, limit: 10).map(\.kind) == [.caseReported, .caseReported])
    }
}
