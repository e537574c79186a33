/// A level of the administrative hierarchy: "two-level government, three-level management"
/// (两级政府、三级管理) cut down to the unit grid.
///
/// The raw values are ordered from the top; a region's code length follows from its level
/// (see ``RegionCode``).
public enum RegionLevel: Int, Codable, Sendable, CaseIterable, Comparable {
    /// The whole city (市).
    case city = 0
    /// A district or county (区/县); code: the 6-digit GB/T 2260 administrative code.
    case district = 1
    /// A subdistrict or town (街道/镇); code: district + 3 digits.
    case subdistrict = 2
    /// A community or village (社区/村); code: subdistrict + 3 digits.
    case community = 3
    /// A unit grid (单元网格) of about 10,000 m²; code: community + 3 digits, 15 in all.
    case grid = 4

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The number of digits in a code at this level (the city has none of its own).
    public var codeLength: Int {
        switch self {
        case .city: 0
        case .district: 6
        case .subdistrict: 9
        case .community: 12
        case .grid: 15
        }
    }

    /// The level whose codes have `length` digits.
    public init?(codeLength length: Int) {
        guard let level = RegionLevel.allCases.first(where: { $0.codeLength == length && $0 != .city }) else { return nil }
        self = level
    }

    /// The API spelling: `district`, `subdistrict`, ...
    public var name: String {
        switch self {
        case .city: "city"
        case .district: "district"
        case .subdistrict: "subdistrict"
        case .community: "community"
        case .grid: "grid"
        }
    }

    public init?(name: String) {
        guard let level = RegionLevel.allCases.first(where: { $0.name == name }) else { return nil }
        self = level
    }

    public var label: LocalizedText {
        switch self {
        case .city: LocalizedText(zh: "市", en: "City")
        case .district: LocalizedText(zh: "区", en: "District")
        case .subdistrict: LocalizedText(zh: "街道", en: "Subdistrict")
        case .community: LocalizedText(zh: "社区", en: "Community")
        case .grid: LocalizedText(zh: "单元网格", en: "Unit grid")
        }
    }
}
