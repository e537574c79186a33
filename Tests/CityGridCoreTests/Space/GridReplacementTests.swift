@testable import CityGridCore
import Testing

/// New grids may not leave cases, components or jurisdictions pointing at grids that are gone.
@Suite struct GridReplacementTests {
    @Test func casesAndComponentsNeedForce() {
        #expect(throws: Never.self) { try GridReplacement.check(cases: 0, components: 0, force: false, references: [], newRegions: []) }
        expectRefusal(.conflict, code: "grids_in_use", field: "force") { () throws(DomainError) in
            try GridReplacement.check(cases: 3, components: 0, force: false, references: [], newRegions: [])
        }
        #expect(throws: Never.self) { try GridReplacement.check(cases: 3, components: 5, force: true, references: [], newRegions: []) }
    }

    @Test func jurisdictionsMustBeAmongTheNewRegions() {
        let refs = [GridReplacement.Reference(who: "user ann", region: "910101"), .init(who: "organisation D-X", region: "910102")]
        #expect(throws: Never.self) {
            try GridReplacement.check(cases: 0, components: 0, force: false, references: refs, newRegions: ["910101", "910102"])
        }
        let error = refusal { () throws(DomainError) in
            try GridReplacement.check(cases: 0, components: 0, force: true, references: refs, newRegions: ["910101"])
        }
        #expect(error?.code == "regions_in_use")
        #expect(error?.message.en.contains("organisation D-X (910102)") == true)
        #expect(error?.message.en.contains("ann") == false)
    }
}
