@testable import CityGridCore
import Testing

/// New grids may not leave cases, components or jurisdictions pointing at grids that are gone.
@Suite struct GridReplacementTests {
    @Test func droppingGridsInUseNeedsForce() {
        // A version that keeps every grid in use (or drops only unused ones) needs no force.
        #expect(throws: Never.self) {
            try GridReplacement.check(removedGrids: [], casesOnRemoved: 0, componentsOnRemoved: 0, force: false, references: [], newRegions: [])
        }
        #expect(throws: Never.self) {
            try GridReplacement.check(removedGrids: ["910101001001009"], casesOnRemoved: 0, componentsOnRemoved: 0, force: false, references: [], newRegions: [])
        }
        let error = refusal { () throws(DomainError) in
            try GridReplacement.check(removedGrids: ["910101001001009"], casesOnRemoved: 3, componentsOnRemoved: 0, force: false, references: [], newRegions: [])
        }
        #expect(error?.code == "grids_in_use")
        #expect(error?.field == "force")
        #expect(error?.message.en.contains("910101001001009") == true)
        #expect(throws: Never.self) {
            try GridReplacement.check(removedGrids: ["910101001001009"], casesOnRemoved: 3, componentsOnRemoved: 5, force: true, references: [], newRegions: [])
        }
    }

    @Test func jurisdictionsMustBeAmongTheNewRegions() {
        let refs = [GridReplacement.Reference(who: "user ann", region: "910101"), .init(who: "organisation D-X", region: "910102")]
        #expect(throws: Never.self) {
            try GridReplacement.check(removedGrids: [], casesOnRemoved: 0, componentsOnRemoved: 0, force: false, references: refs, newRegions: ["910101", "910102"])
        }
        let error = refusal { () throws(DomainError) in
            try GridReplacement.check(removedGrids: [], casesOnRemoved: 0, componentsOnRemoved: 0, force: true, references: refs, newRegions: ["910101"])
        }
        #expect(error?.code == "regions_in_use")
        #expect(error?.message.en.contains("organisation D-X (910102)") == true)
        #expect(error?.message.en.contains("ann") == false)
    }
}
