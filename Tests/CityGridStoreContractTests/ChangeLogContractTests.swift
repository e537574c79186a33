import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``ChangeLogStore``: contiguous sequence numbers in commit order, and reading by cursor.
@Suite struct ChangeLogContractTests {
    @Test(arguments: StoreKind.allCases) func entriesAreNumberedInOrderAndReadAfterACursor(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let created = try await store.createCase(ContractCity.draft())
        _ = try await store.transition(caseID: created.id, expectedVersion: 1) { ContractCity.advance($0, to: .accepted) }
        let user = try await store.addUser(NewUser(username: "log-user", displayName: "日志", role: .analyst))
        try await store.replaceCalendar(ContractCity.city.calendar)

        #expect(try await store.lastChangeSequence() == 5)
        let all = try await store.changes(after: 0, limit: 100)
        #expect(all.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(all.map(\.kind) == [.cityReplaced, .caseReported, .caseStepped, .userChanged, .calendarReplaced])
        #expect(all.map(\.caseID) == [nil, created.id, created.id, nil, nil])
        #expect(all.map(\.caseVersion) == [nil, 1, 2, nil, nil])
        #expect(all.map(\.userID) == [nil, nil, nil, user.id, nil])
        #expect(all.map(\.configVersion) == [1, nil, nil, nil, 2])
        // Written with the writer's clock, to the second.
        #expect(all.allSatisfy { $0.at.timeIntervalSince1970 == $0.at.timeIntervalSince1970.rounded(.down) })
        #expect(all.allSatisfy { abs($0.at.timeIntervalSinceNow) < 120 })

        #expect(try await store.changes(after: 2, limit: 2).map(\.sequence) == [3, 4])
        #expect(try await store.changes(after: 4, limit: 10).map(\.sequence) == [5])
        #expect(try await store.changes(after: 5, limit: 10).isEmpty)
        #expect(try await store.changes(after: 99, limit: 10).isEmpty)
        #expect(try await store.changes(after: 0, limit: 0).isEmpty)
        #expect(try await store.changes(after: 0, limit: -3).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func concurrentWritesLeaveNoGap(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 { group.addTask { _ = try await store.createCase(ContractCity.draft(grid: i)) } }
            try await group.waitForAll()
        }
        let entries = try await store.changes(after: 1, limit: 100)
        #expect(entries.map(\.sequence) == (2...41).map { Int64($0) })
        #expect(Set(entries.compactMap(\.caseID)) == Set((1...40).map { CaseID(Int64($0)) }))
        #expect(try await store.changePosition() == 41)
    }
}
