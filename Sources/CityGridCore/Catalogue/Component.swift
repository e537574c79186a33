import CityGridGeometry

/// A registered component (部件): a manhole cover, a lamp, a bin, with its owner and maintainer.
public struct Component: Hashable, Codable, Sendable, Identifiable {
    /// The condition a component is in.
    public enum State: String, Codable, Sendable, CaseIterable {
        case intact
        case damaged
        case lost
        case removed

        public var label: LocalizedText {
            switch self {
            case .intact: LocalizedText(zh: "完好", en: "Intact")
            case .damaged: LocalizedText(zh: "破损", en: "Damaged")
            case .lost: LocalizedText(zh: "丢失", en: "Lost")
            case .removed: LocalizedText(zh: "已拆除", en: "Removed")
            }
        }
    }

    /// The 16-digit ID: 6-digit admin code + 2 major + 2 minor + 6 serial (e.g. `3205820102048188`).
    public var id: String
    public var category: CategoryCode
    /// 权属单位: the organisation that owns it.
    public var ownerCode: OrganisationCode
    /// 养护单位: the organisation that maintains it.
    public var maintainerCode: OrganisationCode
    public var gridCode: RegionCode
    public var state: State
    public var location: GeoPoint

    public init(id: String, category: CategoryCode, ownerCode: OrganisationCode, maintainerCode: OrganisationCode, gridCode: RegionCode, state: State, location: GeoPoint) {
        self.id = id
        self.category = category
        self.ownerCode = ownerCode
        self.maintainerCode = maintainerCode
        self.gridCode = gridCode
        self.state = state
        self.location = location
    }

    /// The standard ID for the component with `serial` in the district `district`.
    public static func makeID(district: RegionCode, category: CategoryCode, serial: Int) -> String {
        precondition(category.kind == .component && (1...999_999).contains(serial))
        let digits = String(serial)
        return district.rawValue + category.major + category.minor + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// True when `id` has the standard form: 16 digits whose first 6 are an admin code.
    public static func isValidID(_ id: String) -> Bool {
        id.utf8.count == 16 && id.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && RegionCode(id.prefix(6)) != nil
    }
}
