/// A read-only spatial index that finds the polygon containing a point, fast.
///
/// `PolygonIndex` is the geocoder's core: built once from a city's grids, it
/// answers millions of lookups per second on one core. Its answers are
/// *exactly* those of a linear scan,
///
/// ```swift
/// polygons.firstIndex { $0.contains(p) }
/// ```
///
/// for every point, including points on shared edges and vertices: it calls
/// the same edge rule (see ``Polygon/contains(_:)``) with the same arithmetic.
/// In a tiling, every point of the union therefore maps to exactly one grid.
/// Where polygons overlap, the smallest index wins.
///
/// ## Layout
///
/// The bounding box of all polygons, grown by one bucket on every side, is
/// cut into a uniform grid of buckets, sized so that a typical polygon spans
/// a few buckets (see ``init(polygons:bucketsPerPolygon:)``). Each bucket is
/// classified once, at build time:
///
/// - **empty**: no polygon reaches it, and the answer is -1;
/// - **full**: no edge comes near it and it lies inside a polygon, which is
///   the answer without any point-in-polygon test;
/// - **mixed**: the answer is the first of a short, ascending list of
///   candidate polygons that contains the point.
///
/// A bucket counts as touched by an edge when the segment passes within a
/// small margin of it (a millionth of the bucket size). The margin keeps the
/// classification sound in floating point: every edge that does not touch a
/// bucket is farther from its points than any rounding error, so the edge's
/// decision is the same for all of them, and a bucket that no edge touches is
/// entirely inside or entirely outside each polygon.
///
/// All data lives in a handful of flat arrays: one `Int32` per bucket (the
/// polygon, -1, or the offset of a candidate list), the candidate lists (a
/// count followed by the polygon numbers), and every polygon's rings as one
/// path of interleaved longitude/latitude `Double`s. Holes are joined to the
/// exterior by a bridge edge travelled once in each direction; the edge rule
/// is symmetric, so the two traversals cancel exactly and one loop over the
/// path gives the even-odd parity of all rings.
public struct PolygonIndex: Sendable {
    /// The indexed polygons, in the order given.
    public let polygons: [Polygon]

    /// The bounding box of every vertex of every polygon
    /// (``BoundingBox/empty`` for an index without vertices).
    public let bbox: BoundingBox

    /// The south-west corner of bucket (0, 0).
    @usableFromInline let gridMinLon: Double
    @usableFromInline let gridMinLat: Double
    /// The inverse of a bucket's width and height, in buckets per degree.
    @usableFromInline let bucketsPerDegreeLon: Double
    @usableFromInline let bucketsPerDegreeLat: Double
    /// The number of bucket columns and rows, as integers and as doubles.
    @usableFromInline let columns: Int
    @usableFromInline let rows: Int
    @usableFromInline let columnLimit: Double
    @usableFromInline let rowLimit: Double

    /// One entry per bucket, row by row from the south-west: a polygon
    /// (`>= 0`), nothing (`-1`), or the candidate list starting at
    /// `candidates[-2 - entry]` (`<= -2`).
    @usableFromInline let buckets: [Int32]
    /// The candidate lists: each is a count followed by that many polygons, ascending.
    @usableFromInline let candidates: [Int32]
    /// Polygon `i`'s path is vertices `pathStart[i] ..< pathStart[i + 1]`.
    @usableFromInline let pathStart: [Int32]
    /// Every path vertex as interleaved longitude, latitude.
    @usableFromInline let coordinates: [Double]

    /// The number of indexed polygons.
    public var count: Int { polygons.count }

    /// Builds the index.
    ///
    /// - Parameters:
    ///   - polygons: The polygons, valid or not; the index reproduces
    ///     ``Polygon/contains(_:)`` for any input. Their number must be below 2³¹.
    ///   - bucketsPerPolygon: How many buckets the bounding box of an average
    ///     polygon should span. More buckets means more of them are full, but
    ///     more memory. The total is capped at about 2²⁶ buckets.
    ///
    /// Complexity: roughly linear in the number of vertices times
    /// `bucketsPerPolygon`; 50,000 grids of 4 vertices build in about 60 ms
    /// (release build, one core).
    public init(polygons: [Polygon], bucketsPerPolygon: Double = 16) {
        precondition(polygons.count < Int(Int32.max), "PolygonIndex holds fewer than 2³¹ polygons")
        var builder = Builder(polygons: polygons, bucketsPerPolygon: bucketsPerPolygon)
        builder.classifyBuckets()
        self.polygons = polygons
        self.bbox = builder.bbox
        self.gridMinLon = builder.grid.minLon
        self.gridMinLat = builder.grid.minLat
        self.bucketsPerDegreeLon = builder.grid.bucketsPerDegreeLon
        self.bucketsPerDegreeLat = builder.grid.bucketsPerDegreeLat
        self.columns = builder.grid.columns
        self.rows = builder.grid.rows
        self.columnLimit = Double(builder.grid.columns)
        self.rowLimit = Double(builder.grid.rows)
        self.buckets = builder.buckets
        self.candidates = builder.candidates
        self.pathStart = builder.pathStart
        self.coordinates = builder.coordinates
    }
}
