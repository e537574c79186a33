/// How far a permission held in a role reaches (权限范围).
public enum AccessScope: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// The caller's own things: the cases they reported, the media they uploaded.
    case own
    /// The caller's organisation in that role: cases assigned to it or that it was summoned to, its
    /// own figures.
    case organisation
    /// The role's jurisdiction: cases, regions, organisations and people inside it (the whole city
    /// when the role holds none).
    case jurisdiction
    /// Everything in the city.
    case city

    private var order: Int {
        switch self {
        case .own: 0
        case .organisation: 1
        case .jurisdiction: 2
        case .city: 3
        }
    }

    public static func < (lhs: AccessScope, rhs: AccessScope) -> Bool { lhs.order < rhs.order }
}
