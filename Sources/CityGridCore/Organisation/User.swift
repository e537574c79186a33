/// A person who uses CityGrid, holding one or more roles (``RoleGrant``), each in its own
/// organisation and jurisdiction.
public struct User: Hashable, Codable, Sendable, Identifiable {
    public var id: Int64
    /// The login name, unique.
    public var username: String
    public var displayName: String
    /// The roles the person holds; the first is their primary role (never empty).
    public var grants: [RoleGrant]

    public init(id: Int64, username: String, displayName: String, grants: [RoleGrant]) {
        precondition(!grants.isEmpty, "a user holds at least one role")
        self.id = id
        self.username = username
        self.displayName = displayName
        self.grants = grants
    }

    /// A user holding one role.
    public init(id: Int64, username: String, displayName: String, role: Role, organisationCode: String? = nil, jurisdiction: RegionCode? = nil) {
        self.init(id: id, username: username, displayName: displayName,
                  grants: [RoleGrant(role: role, organisationCode: organisationCode, jurisdiction: jurisdiction)])
    }

    /// The primary role.
    public var role: Role { grants[0].role }
    /// The primary role's organisation.
    public var organisationCode: String? { grants[0].organisationCode }
    /// The primary role's jurisdiction; `nil` means the whole city.
    public var jurisdiction: RegionCode? { grants[0].jurisdiction }

    /// True when the person holds `role` in any organisation or jurisdiction.
    public func holds(_ role: Role) -> Bool { grants.contains { $0.role == role } }

    /// True when the region `code` lies in the primary role's jurisdiction.
    public func covers(_ code: RegionCode) -> Bool {
        grants[0].covers(code)
    }

    /// The actor taking a step in one of the person's roles.
    public func actor(in grant: RoleGrant) -> Actor {
        Actor(userID: id, role: grant.role, organisationCode: grant.organisationCode, jurisdiction: grant.jurisdiction)
    }
}

/// Whoever takes an action: a user in one of their roles, or the system itself (timers, imports,
/// the simulator's clock).
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

    /// The user acting in their primary role.
    public init(_ user: User) {
        self = user.actor(in: user.grants[0])
    }

    public func covers(_ code: RegionCode) -> Bool {
        jurisdiction.map { $0.contains(code) } ?? true
    }
}
