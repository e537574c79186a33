import CityGridGeometry
import Foundation

/// Which open case a new report likely duplicates (疑似重复): the rule the store applies, inside the
/// report's write transaction, to candidates it fetched with a bounding-box query.
///
/// The store fetches at most ``candidateLimit`` open cases of the category whose position lies in
/// ``searchBox(around:radiusMetres:)`` and that were reported since the window's start, in the order
/// of its index (by position, then by time: at one point, the oldest first). That bound keeps a storm
/// (hundreds of reports of one problem at one point) from making each report walk all the others;
/// the first report of the storm is among the first candidates, and parents are preferred, so all the
/// storm's reports point at it.
public enum DuplicateRule {
    /// The most candidates a look-up considers.
    public static let candidateLimit = 32

    /// An open case near a new report, as the store's look-up returns it.
    public struct Candidate: Hashable, Sendable {
        public var id: CaseID
        public var category: CategoryCode
        public var location: GeoPoint
        public var reportedAt: Date
        /// Whether it is itself a duplicate: flagged as one (``Case/likelyDuplicateOf``) or merged
        /// (``Case/parentCaseID``). Others are parents, preferred.
        public var isDuplicate: Bool

        public init(id: CaseID, category: CategoryCode, location: GeoPoint, reportedAt: Date, isDuplicate: Bool) {
            self.id = id
            self.category = category
            self.location = location
            self.reportedAt = reportedAt
            self.isDuplicate = isDuplicate
        }
    }

    /// The bounding box (min lon, min lat, max lon, max lat) holding every point within
    /// `radiusMetres` of `point`.
    public static func searchBox(around point: GeoPoint, radiusMetres: Double) -> (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        let projection = LocalProjection(origin: point)
        let dLat = radiusMetres / projection.metresPerDegreeLat, dLon = radiusMetres / projection.metresPerDegreeLon
        return (point.lon - dLon, point.lat - dLat, point.lon + dLon, point.lat + dLat)
    }

    /// The case a report of `category` at `point` likely duplicates: among the candidates of the same
    /// category reported since `check.since` and within `check.radiusMetres`, the nearest parent
    /// (the earliest on a tie), else the nearest duplicate; `nil` when none qualifies or the check is
    /// off (radius 0).
    public static func choose(category: CategoryCode, at point: GeoPoint, check: CaseDraft.DuplicateCheck,
                              among candidates: [Candidate]) -> CaseID? {
        guard check.radiusMetres > 0 else { return nil }
        let projection = LocalProjection(origin: point)
        var best: (id: CaseID, parent: Bool, distance: Double, reported: Date)?
        for c in candidates where c.category == category && c.reportedAt >= check.since {
            let (x, y) = projection.toMetres(c.location)
            let distance = (x * x + y * y).squareRoot()
            guard distance <= check.radiusMetres else { continue }
            let parent = !c.isDuplicate
            if let b = best {
                let better = parent != b.parent ? parent
                    : distance != b.distance ? distance < b.distance
                    : (c.reportedAt, c.id) < (b.reported, b.id)
                if !better { continue }
            }
            best = (c.id, parent, distance, c.reportedAt)
        }
        return best?.id
    }
}
