import CityGridCore
import CityGridGeometry
import CityGridStore
import Foundation
import Testing

/// Likely duplicates (疑似重复), marked at intake by ``DuplicateRule`` among the open cases.
@Suite struct DuplicateContractTests {
    static let check = CaseDraft.DuplicateCheck(radiusMetres: 50, since: ContractCity.t0.addingTimeInterval(-86_400))

    @Test(arguments: StoreKind.allCases) func aReportNearAnOpenCaseOfItsCategoryIsMarked(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let first = try await store.createCase(ContractCity.draft(clock: true))
        let second = try await store.createCase(ContractCity.draft(clock: true, duplicateCheck: Self.check))
        #expect(second.likelyDuplicateOf == first.id)
        #expect(try await store.caseByID(second.id)?.likelyDuplicateOf == first.id)
        // Parents are preferred: a third report points at the first, not at the duplicate.
        let third = try await store.createCase(ContractCity.draft(clock: true, duplicateCheck: Self.check))
        #expect(third.likelyDuplicateOf == first.id)
    }

    @Test(arguments: StoreKind.allCases) func closedOtherCategoryFarOldOrUncheckedReportsAreNotDuplicates(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        _ = try await store.createCase(ContractCity.draft())  // no clock: not open
        _ = try await store.createCase(ContractCity.draft(category: "E0103", clock: true))
        _ = try await store.createCase(ContractCity.draft(grid: 5, clock: true))
        _ = try await store.createCase(ContractCity.draft(at: ContractCity.t0.addingTimeInterval(-200_000), clock: true))
        #expect(try await store.createCase(ContractCity.draft(clock: true, duplicateCheck: Self.check)).likelyDuplicateOf == nil)
        let off = CaseDraft.DuplicateCheck(radiusMetres: 0, since: Self.check.since)
        #expect(try await store.createCase(ContractCity.draft(clock: true, duplicateCheck: off)).likelyDuplicateOf == nil)
        // Without a check, a mark the draft carries is kept as given.
        var marked = ContractCity.draft()
        marked.value.likelyDuplicateOf = 1
        #expect(try await store.createCase(marked).likelyDuplicateOf == 1)
    }

    @Test(arguments: StoreKind.allCases) func theNearestParentWins(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        var far = ContractCity.draft(clock: true)
        let point = far.value.location
        far.value.location = GeoPoint(lon: point.lon + 0.0003, lat: point.lat)
        let farCase = try await store.createCase(far)
        var near = ContractCity.draft(clock: true)
        near.value.location = GeoPoint(lon: point.lon + 0.0001, lat: point.lat)
        let nearCase = try await store.createCase(near)
        #expect(farCase.id != nearCase.id)
        #expect(try await store.createCase(ContractCity.draft(clock: true, duplicateCheck: Self.check)).likelyDuplicateOf == nearCase.id)
    }
}
