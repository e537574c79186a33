import CityGridGeometry

/// The size and place of a generated demo city. The defaults make the standard demo: 8 districts,
/// 48 subdistricts, 330 communities and 20,480 unit grids of about 100 m × 100 m around Beijing's
/// latitude, with 50,000 components.
public struct DemoCityOptions: Hashable, Sendable {
    public var seed: UInt64
    /// Unit grids in the city (cells of the lattice kept inside the city's outline).
    public var grids: Int
    /// The nominal side of a unit grid, in metres (100 m gives the standard 10,000 m²).
    public var cellMetres: Double
    public var communities: Int
    public var subdistricts: Int
    public var districts: Int
    public var components: Int
    /// The city centre.
    public var origin: GeoPoint
    /// The first 4 digits of every district's 6-digit administrative code (`9101`: a code no real
    /// city uses, so demo data can never be mistaken for a real place's).
    public var adminPrefix: String

    public init(seed: UInt64 = 1, grids: Int = 20_480, cellMetres: Double = 100, communities: Int = 330, subdistricts: Int = 48,
                districts: Int = 8, components: Int = 50_000, origin: GeoPoint = GeoPoint(lon: 116.4, lat: 39.9), adminPrefix: String = "9101") {
        self.seed = seed
        self.grids = grids
        self.cellMetres = cellMetres
        self.communities = communities
        self.subdistricts = subdistricts
        self.districts = districts
        self.components = components
        self.origin = origin
        self.adminPrefix = adminPrefix
    }

    /// A small city for tests: 1,200 grids, 24 communities, 6 subdistricts, 3 districts.
    public static func small(seed: UInt64 = 1) -> DemoCityOptions {
        DemoCityOptions(seed: seed, grids: 1200, communities: 24, subdistricts: 6, districts: 3, components: 600)
    }
}
