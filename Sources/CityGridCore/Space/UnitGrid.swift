import CityGridGeometry

/// A unit grid (万米单元网格): a closed polygon of about 10,000 m² inside one community, the smallest
/// unit of management. Grids tile the city with no gaps and no overlaps (无缝拼接).
public struct UnitGrid: Hashable, Codable, Sendable, Identifiable {
    /// The 15-digit grid code.
    public var code: RegionCode
    public var name: LocalizedText
    /// The boundary, in WGS84 longitude/latitude.
    public var boundary: Polygon
    /// The area in square metres, computed from ``boundary``.
    public var areaSquareMetres: Double

    public var id: RegionCode { code }
    public var communityCode: RegionCode { code.ancestor(at: .community)! }

    public init(code: RegionCode, name: LocalizedText, boundary: Polygon) {
        precondition(code.level == .grid, "a unit grid needs a 15-digit code")
        self.code = code
        self.name = name
        self.boundary = boundary
        self.areaSquareMetres = boundary.areaSquareMetres
    }
}
