@testable import CityGridCore
import CityGridGeometry
import Foundation
import Testing

/// Which open case a new report likely duplicates: same category, within the radius and the window,
/// parents before duplicates, the nearest first.
@Suite struct DuplicateRuleTests {
    let here = GeoPoint(lon: 120.0005, lat: 30.0005)
    let now = cst("2026-11-30T10:00:00")
    var check: CaseDraft.DuplicateCheck { CaseDraft.DuplicateCheck(radiusMetres: 50, since: now.addingTimeInterval(-72 * 3600)) }

    /// A point `metres` north of `here`.
    func north(_ metres: Double) -> GeoPoint { LocalProjection(origin: here).toGeo(x: 0, y: metres) }

    func candidate(_ id: CaseID, metres: Double, hoursAgo: Double = 1, category: CategoryCode = Fixture.exposedGarbage,
                   duplicate: Bool = false) -> DuplicateRule.Candidate {
        DuplicateRule.Candidate(id: id, category: category, location: north(metres), reportedAt: now.addingTimeInterval(-hoursAgo * 3600),
                                isDuplicate: duplicate)
    }

    func choose(_ candidates: [DuplicateRule.Candidate]) -> CaseID? {
        DuplicateRule.choose(category: Fixture.exposedGarbage, at: here, check: check, among: candidates)
    }

    @Test func theNearestWithinTheRadiusAndTheWindow() {
        #expect(choose([]) == nil)
        #expect(choose([candidate(1, metres: 30), candidate(2, metres: 10), candidate(3, metres: 40)]) == 2)
        #expect(choose([candidate(1, metres: 51)]) == nil, "beyond the radius")
        #expect(choose([candidate(1, metres: 50)]) == 1, "on the radius")
        #expect(choose([candidate(1, metres: 5, hoursAgo: 73)]) == nil, "before the window")
        #expect(choose([candidate(1, metres: 5, category: Fixture.manholeCover)]) == nil, "another category")
        let off = CaseDraft.DuplicateCheck(radiusMetres: 0, since: .distantPast)
        #expect(DuplicateRule.choose(category: Fixture.exposedGarbage, at: here, check: off, among: [candidate(1, metres: 0)]) == nil)
    }

    @Test func parentsArePreferredSoAStormPointsAtItsFirstReport() {
        #expect(choose([candidate(1, metres: 40), candidate(2, metres: 1, duplicate: true)]) == 1)
        #expect(choose([candidate(2, metres: 1, duplicate: true), candidate(3, metres: 2, duplicate: true)]) == 2, "no parent: the nearest")
        // A storm at one point: the first report and its duplicates, all at the same place.
        let storm = [candidate(7, metres: 0, hoursAgo: 2)] + (8...40).map { candidate(CaseID(Int64($0)), metres: 0, hoursAgo: 1, duplicate: true) }
        #expect(choose(storm.shuffled()) == 7)
        // Equal distance, two parents: the earlier report.
        #expect(choose([candidate(5, metres: 3, hoursAgo: 1), candidate(4, metres: 3, hoursAgo: 2)]) == 4)
    }

    @Test func theSearchBoxHoldsTheCircle() {
        let box = DuplicateRule.searchBox(around: here, radiusMetres: 50)
        for (x, y) in [(50.0, 0.0), (-50, 0), (0, 50), (0, -50)] {
            let p = LocalProjection(origin: here).toGeo(x: x * 0.999, y: y * 0.999)
            #expect(box.minLon <= p.lon && p.lon <= box.maxLon && box.minLat <= p.lat && p.lat <= box.maxLat)
        }
        #expect(box.maxLat - box.minLat < 0.001)
    }
}
