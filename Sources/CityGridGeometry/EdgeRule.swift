// The edge rule: who owns a point that lies exactly on a boundary.
//
// CityGrid tiles a city with unit grids whose neighbours share *identical*
// vertex coordinates. A geocoder answering "which grid is this point in?" must
// give exactly one answer for every point inside the tiling, including the
// points that lie exactly on a shared edge or on a shared vertex. Ordinary
// point-in-polygon tests either count such points in both neighbours or in
// neither. This module uses a crossing-number test with a half-open convention,
// the same idea as the top-left rule of triangle rasterisation:
//
// * A point on a shared **non-horizontal** edge belongs to the polygon on the
//   edge's **east** side.
// * A point on a shared **horizontal** edge belongs to the polygon on the
//   edge's **north** side.
// * A point on a shared **vertex** follows from the two rules above: it belongs
//   to the polygon that contains the points immediately north-east of it
//   (precisely: the point displaced by (+δ, +ε) with 0 < ε ≪ δ infinitesimal).
//
// On the outer boundary of a tiling this means the west and south edges are
// inside while the east and north edges are outside; of a lone axis-aligned
// rectangle only the south-west corner is inside.
//
// How it works. A ray is cast from the point towards the east and the edges it
// crosses are counted; an odd count means inside. An edge (a, b) is considered
// only when `(a.lat > p.lat) != (b.lat > p.lat)`: exactly one endpoint lies
// strictly north of the point. This half-open test never selects horizontal
// edges, and it counts a vertex on the ray exactly once. The edge is counted
// when the point lies *strictly* west of it, decided by the sign of a cross
// product. A point on the edge is therefore not west of it, which hands the
// edge to the eastern polygon.
//
// Bit-identical decisions. Two neighbours traverse a shared edge in opposite
// directions. Both must reach the same decision for the same point, or a point
// near the edge could fall into both polygons or into neither. Floating-point
// arithmetic is not symmetric in its operands, so the endpoints are first put
// in a canonical order, lower latitude first, and the cross product is always
// evaluated from that order. The decision is then a pure function of the
// unordered edge and the point, computed by the same instructions whichever
// polygon asks. `Polygon.contains(_:)` and `PolygonIndex.locate(lon:lat:)` both
// call `EdgeRule.crossesEastRay`, so they agree bit for bit.

/// The primitive shared by every point-in-polygon test of the module.
///
/// See the comment at the top of `EdgeRule.swift` for the rule and why the
/// endpoints are ordered canonically.
@usableFromInline
enum EdgeRule {
    /// Returns whether the eastward ray from `(px, py)` crosses the edge
    /// from `(ax, ay)` to `(bx, by)` under the half-open edge rule.
    ///
    /// The result does not depend on the direction of the edge: swapping
    /// `a` and `b` gives the same answer, bit for bit.
    @inlinable @inline(__always)
    static func crossesEastRay(
        _ ax: Double, _ ay: Double,
        _ bx: Double, _ by: Double,
        _ px: Double, _ py: Double
    ) -> Bool {
        // Exactly one endpoint strictly north of the point. Excludes horizontal edges.
        guard (ay > py) != (by > py) else { return false }
        // Canonical order: lower latitude first (the latitudes differ here).
        let southIsA = ay < by
        let x0 = southIsA ? ax : bx
        let y0 = southIsA ? ay : by
        let x1 = southIsA ? bx : ax
        let y1 = southIsA ? by : ay
        // Positive when the point is strictly left of the northward edge, i.e. west of it.
        return (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0) > 0
    }
}
