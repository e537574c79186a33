/// A person who uses CityGrid, with one role in one organisation.
public struct User: Hashable, Codable, Sendable, Identifiable {
    public var id: Int64
    /// The login name, unique.
    public var username: String
    public var displayName: String
    public var role: Role
    /// The organisation the user works for, if any (citizens have none).
    public var organisationCode: String?
    /// The region the user acts in; `nil` means the whole city.
    public var jurisdiction: RegionCode?

    public init(id: Int64, username: String, displayName: String, role: Role, organisationCode: String? = nil, jurisdiction: RegionCode? = nil) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.organisationCode = organisationCode
        self.jurisdiction = jurisdiction
    }

    /// True when the region `code` lies in the user's jurisdiction.
    public func covers(_ code: RegionCode) -> Bool {
        jurisdiction.map { $0.contains(code) } ?? true
    }
}

/// Whoever takes an action: a user, or the system itself (timers, imports, the simulator's clock).
public struct Actor: Hashable, Codable, Sendable {
    /// The user's id, or 0 for the system.
    public var userID: Int64
    public var role: Role
    public var organisationCode: String?
    public var jurisdiction: RegionCode?

    public init(userID: Int64, role: Role, organisationCode: String? = nil, jurisdiction: RegionCode? = nil) {
        self.userID = userID
        self.role = role
        self.organisationCode = organisationCode
        self.jurisdiction = jurisdiction
    }

    public init(_ user: User) {
        self.init(userID: user.id, role: user.role, organisationCode: user.organisationCode, jurisdiction: user.jurisdiction)
    }

    public func covers(_ code: RegionCode) -> Bool {
        jurisdiction.map { $0.contains(code) } ?? true
    }
}
