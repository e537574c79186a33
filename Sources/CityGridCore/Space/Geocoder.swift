import CityGridGeometry

/// Geocoding (地理编码): from a point to its unit grid and the chain above it, through an in-memory
/// spatial index over every grid's polygon.
///
/// A point on an edge shared by two grids belongs to exactly one of them, by the rule of
/// ``CityGridGeometry/Polygon/contains(_:)``: the grid to the east of the edge (to the north of a
/// horizontal edge). A point in no grid is outside the city, and an error.
public struct Geocoder: Sendable {
    public let index: PolygonIndex
    public let gridCodes: [RegionCode]

    public init(grids: [UnitGrid]) {
        self.index = PolygonIndex(polygons: grids.map(\.boundary))
        self.gridCodes = grids.map(\.code)
    }

    /// The chain of the grid holding `point`.
    public func locate(_ point: GeoPoint) throws(DomainError) -> GridChain {
        guard point.isValidWGS84 else {
            throw DomainError(.invalid, code: "invalid_location", field: "location",
                              zh: "坐标无效：经度须在-180到180之间，纬度须在-90到90之间",
                              en: "Invalid coordinates: longitude must be within -180...180 and latitude within -90...90")
        }
        let i = index.locate(lon: point.lon, lat: point.lat)
        guard i >= 0 else {
            throw DomainError(.invalid, code: "outside_city", field: "location",
                              zh: "位置(\(point.lon), \(point.lat))不在本市任何单元网格内",
                              en: "The location (\(point.lon), \(point.lat)) is outside every unit grid of the city")
        }
        return GridChain(grid: gridCodes[Int(i)])
    }
}
