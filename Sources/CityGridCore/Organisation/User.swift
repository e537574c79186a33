/// A person who uses CityGrid, holding one or more roles (``RoleGrant``), each in its own
/// organisation and jurisdiction.
public struct User: Hashable, Codable, Sendable, Identifiable {
    public var id: UserID
    /// The login name, unique.
    public var username: String
    public var displayName: String
    /// The roles the person holds; the first is their primary role (never empty).
    public var grants: [RoleGrant]

    public init(id: UserID, username: String, displayName: String, grants: [RoleGrant]) {
        precondition(!grants.isEmpty, "a user holds at least one role")
        self.id = id
        self.username = username
        self.displayName = displayName
        self.grants = grants
    }

    /// A user holding one role.
    public init(id: UserID, username: String, displayName: String, role: Role, organisationCode: OrganisationCode? = nil, jurisdiction: RegionCode? = nil) {
        self.init(id: id, username: username, displayName: displayName,
                  grants: [RoleGrant(role: role, organisationCode: organisationCode, jurisdiction: jurisdiction)])
    }

    /// The primary role.
    public var role: Role { grants[0].role }
    /// The primary role's organisation.
    public var organisationCode: OrganisationCode? { grants[0].organisationCode }
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
        Actor(.user(id), role: grant.role, organisationCode: grant.organisationCode, jurisdiction: grant.jurisdiction)
    }

    /// The user `new` stored as `id` (the store numbers users: ``NewUser`` has no id).
    public init(_ new: NewUser, id: UserID) {
        self.init(id: id, username: new.username, displayName: new.displayName, grants: new.grants)
    }
}

/// A person about to be given an account (新用户): a ``User`` before the store numbers it, so every
/// field but the id. Adding one to the store answers with the ``User`` under its assigned id.
public struct NewUser: Hashable, Sendable {
    /// The login name, unique.
    public var username: String
    public var displayName: String
    /// The roles the person will hold; the first is their primary role (never empty).
    public var grants: [RoleGrant]

    public init(username: String, displayName: String, grants: [RoleGrant]) {
        precondition(!grants.isEmpty, "a user holds at least one role")
        self.username = username
        self.displayName = displayName
        self.grants = grants
    }

    /// A user holding one role.
    public init(username: String, displayName: String, role: Role, organisationCode: OrganisationCode? = nil, jurisdiction: RegionCode? = nil) {
        self.init(username: username, displayName: displayName,
                  grants: [RoleGrant(role: role, organisationCode: organisationCode, jurisdiction: jurisdiction)])
    }
}

/// Whoever takes an action: a user in one of their roles, or the system itself (timers, imports,
/// the simulator's clock).
public struct Actor: Hashable, Sendable {
    /// On whose behalf: a user, the system or an anonymous member of the public.
    public var principal: Principal
    public var role: Role
    public var organisationCode: OrganisationCode?
    public var jurisdiction: RegionCode?

    public init(_ principal: Principal, role: Role, organisationCode: OrganisationCode? = nil, jurisdiction: RegionCode? = nil) {
        self.principal = principal
        self.role = role
        self.organisationCode = organisationCode
        self.jurisdiction = jurisdiction
    }

    /// A user acting in `role`.
    public init(userID: UserID, role: Role, organisationCode: OrganisationCode? = nil, jurisdiction: RegionCode? = nil) {
        self.init(.user(userID), role: role, organisationCode: organisationCode, jurisdiction: jurisdiction)
    }

    /// The user acting in their primary role.
    public init(_ user: User) {
        self = user.actor(in: user.grants[0])
    }

    /// CityGrid itself (timers, imports, the simulator's clock), in the role `system`.
    public static let system = Actor(.system, role: .system)

    /// The user acting, or `nil` for the system and an anonymous member of the public.
    public var userID: UserID? { principal.userID }

    public func covers(_ code: RegionCode) -> Bool {
        jurisdiction.map { $0.contains(code) } ?? true
    }
}
