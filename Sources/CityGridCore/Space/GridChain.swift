/// Where a point lies: its unit grid and the community, subdistrict and district above it.
public struct GridChain: Hashable, Codable, Sendable {
    public var grid: RegionCode
    public var community: RegionCode
    public var subdistrict: RegionCode
    public var district: RegionCode

    /// The chain of a grid code, read off its prefixes.
    public init(grid: RegionCode) {
        precondition(grid.level == .grid, "a grid chain starts at a 15-digit grid code")
        self.grid = grid
        self.community = grid.ancestor(at: .community)!
        self.subdistrict = grid.ancestor(at: .subdistrict)!
        self.district = grid.ancestor(at: .district)!
    }
}

extension GridChain {
    /// The community, subdistrict and district codes.
    public var regionsAbove: [RegionCode] { [community, subdistrict, district] }
}
