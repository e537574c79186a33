/// An administrative region above the unit grid: a district (区), subdistrict (街道) or community (社区).
public struct Region: Hashable, Codable, Sendable, Identifiable {
    public var code: RegionCode
    public var name: LocalizedText
    /// The enclosing region, `nil` for a district (whose parent is the city).
    public var parentCode: RegionCode?

    public var id: RegionCode { code }
    public var level: RegionLevel { code.level }

    public init(code: RegionCode, name: LocalizedText) {
        self.code = code
        self.name = name
        self.parentCode = code.level > .district ? code.ancestor(at: RegionLevel(rawValue: code.level.rawValue - 1)!) : nil
    }
}
