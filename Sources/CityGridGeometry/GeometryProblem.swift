/// A reason why a polygon is unfit for the grid: returned by ``Polygon/validate()``.
///
/// Rings are numbered as in GeoJSON: ring 0 is the exterior and ring `k` (for
/// `k ≥ 1`) is hole `k - 1`. Vertices are numbered from 0 in the open ring.
public enum GeometryProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The ring has fewer than three distinct vertices.
    case tooFewVertices(ring: Int)
    /// The vertex is not a finite WGS84 coordinate (longitude in -180...180,
    /// latitude in -90...90).
    case invalidCoordinate(ring: Int, vertex: Int)
    /// The vertex repeats the one before it, making an edge of zero length.
    case repeatedVertex(ring: Int, vertex: Int)
    /// Two edges of the ring cross or touch, or two consecutive edges fold
    /// back onto each other.
    case selfIntersection(ring: Int)
    /// The exterior ring encloses no area.
    case zeroArea
    /// The hole (numbered from 0 among the holes, i.e. ring `hole + 1`) is not
    /// inside the exterior ring: a vertex lies outside it or an edge crosses it.
    case holeOutsideExterior(hole: Int)
    /// The two holes (numbered from 0 among the holes) overlap.
    case holesOverlap(hole: Int, otherHole: Int)

    /// A sentence naming the offending ring or vertex.
    public var description: String {
        switch self {
        case .tooFewVertices(let ring):
            "\(Self.name(ring: ring).capitalizedFirst) has fewer than 3 distinct vertices."
        case .invalidCoordinate(let ring, let vertex):
            "Vertex \(vertex) of \(Self.name(ring: ring)) is not a valid WGS84 coordinate "
                + "(longitude must be within -180...180 and latitude within -90...90)."
        case .repeatedVertex(let ring, let vertex):
            "Vertex \(vertex) of \(Self.name(ring: ring)) repeats the previous vertex."
        case .selfIntersection(let ring):
            "\(Self.name(ring: ring).capitalizedFirst) intersects itself."
        case .zeroArea:
            "The exterior ring (ring 0) encloses no area."
        case .holeOutsideExterior(let hole):
            "Hole \(hole) (ring \(hole + 1)) is not inside the exterior ring."
        case .holesOverlap(let hole, let otherHole):
            "Hole \(hole) (ring \(hole + 1)) overlaps hole \(otherHole) (ring \(otherHole + 1))."
        }
    }

    private static func name(ring: Int) -> String {
        ring == 0 ? "the exterior ring (ring 0)" : "hole \(ring - 1) (ring \(ring))"
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
