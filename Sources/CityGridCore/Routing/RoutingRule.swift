/// An explicit routing rule: cases of a category (or a whole major class) in a region go to one body.
///
/// A rule's prefixes are matched against the category code (`E01` matches every city-appearance
/// event, `E0102` exposed garbage only, the empty string everything) and the grid code (`110105`
/// the district, `110105003` one subdistrict). When several rules match, the most specific wins:
/// the longest category prefix, then the longest region prefix.
public struct RoutingRule: Hashable, Codable, Sendable {
    public var categoryPrefix: String
    public var regionPrefix: String
    public var departmentCode: OrganisationCode

    enum CodingKeys: String, CodingKey {
        case categoryPrefix = "category_prefix"
        case regionPrefix = "region_prefix"
        case departmentCode = "department_code"
    }

    public init(categoryPrefix: String, regionPrefix: String, departmentCode: OrganisationCode) {
        self.categoryPrefix = categoryPrefix
        self.regionPrefix = regionPrefix
        self.departmentCode = departmentCode
    }

    public func matches(category: CategoryCode, grid: RegionCode) -> Bool {
        category.rawValue.hasPrefix(categoryPrefix) && grid.rawValue.hasPrefix(regionPrefix)
    }
}
