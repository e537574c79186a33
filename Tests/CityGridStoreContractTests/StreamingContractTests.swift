import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``CaseStore/allCases(batchSize:)`` and the change feed (``CaseChangeFeed``).
@Suite struct StreamingContractTests {
    @Test(arguments: StoreKind.allCases) func everyCaseComesOnceInIdOrderInBatches(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        for grid in 0..<5 { _ = try await store.createCase(ContractCity.draft(grid: grid)) }
        var batches: [[CaseID]] = []
        for try await batch in store.allCases(batchSize: 2) { batches.append(batch.map(\.id)) }
        #expect(batches == [[1, 2], [3, 4], [5]])
        var whole: [Case] = []
        for try await batch in store.allCases(batchSize: 100) { whole += batch }
        #expect(whole == (try await store.cases(ids: [1, 2, 3, 4, 5])))
    }

    @Test(arguments: StoreKind.allCases) func anEmptyStoreStreamsNothing(_ kind: StoreKind) async throws {
        let open = try kind.open()
        var count = 0
        for try await batch in open.store.allCases(batchSize: 10) { count += batch.count }
        #expect(count == 0)
        #expect(try await open.store.changePosition() == 0)
    }

    @Test(arguments: StoreKind.allCases) func theFeedNamesTheCasesChangedAfterAPosition(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        for grid in 0..<3 { _ = try await store.createCase(ContractCity.draft(grid: grid)) }
        let position = try await store.changePosition()
        #expect(position == 4)
        _ = try await store.transition(caseID: 2, expectedVersion: 1) { ContractCity.advance($0, to: .accepted) }
        _ = try await store.createCase(ContractCity.draft(grid: 3))
        _ = try await store.transition(caseID: 2, expectedVersion: 2) { ContractCity.advance($0, to: .filed, action: .file) }
        var changed: [Case] = []
        for try await batch in store.casesChanged(after: position, batchSize: 100) { changed += batch }
        // In one batch each case comes once, as it is now.
        #expect(changed.map(\.id) == [2, 4])
        #expect(changed.first?.version == 3)
        var small: [CaseID] = []
        for try await batch in store.casesChanged(after: position, batchSize: 1) { small += batch.map(\.id) }
        #expect(small == [2, 4, 2])
        #expect(try await store.changePosition() == 7)
    }
}
