/// The one access policy (权限策略): which roles exist, what each may read and do, and how far each
/// permission reaches. It is data (``AccessPolicyFile``), like the workflow definition: a city adds a
/// role or narrows a permission by editing the file. Every read and every action of every front end is
/// decided here, from the caller's roles, the jurisdiction and organisation each is held in, and the
/// resource; which workflow step a role may take on a case stays the workflow definition's decision,
/// behind the `case.act` permission.
public struct AccessPolicy: Sendable {
    /// One role: its name, whether it is staff, what a person holding it must have, the channels its
    /// reports come through, and its permissions with their reach.
    public struct RoleEntry: Sendable, Hashable {
        public var role: Role
        public var label: LocalizedText
        /// Staff see staff-only material (internal notes, merged duplicates).
        public var staff: Bool
        /// A grant of this role must name an organisation.
        public var requiresOrganisation: Bool
        /// The channels a report by this role comes through; the first is the default. Empty: the role
        /// reports through no channel of its own.
        public var channels: [CaseSource]
        public var permissions: [Permission: AccessScope]
        /// A power (``DelegatedPower``): held by no person directly, only by an organisation's staff
        /// through a ``Delegation`` in force.
        public var delegable: Bool = false
    }

    public var version: Int
    public var roles: [Role: RoleEntry]
    /// The roles in the file's order.
    public var roleOrder: [Role]
    /// The roles a person may be given, in the file's order (every role but the powers and `system`).
    public var personRoles: [Role] { roleOrder.filter { $0 != .system && roles[$0]?.delegable != true } }
    /// The powers a delegation may grant, in the file's order.
    public var powers: [Role] { roleOrder.filter { roles[$0]?.delegable == true } }

    /// Every permission some role holds, sorted.
    public var permissions: [Permission] {
        Set(roles.values.flatMap(\.permissions.keys)).sorted()
    }

    /// How far `permission` reaches for a role held as `grant`; `nil` when the role lacks it.
    public func scope(of permission: Permission, in grant: RoleGrant) -> AccessScope? {
        roles[grant.role]?.permissions[permission]
    }

    /// The caller's roles that hold `permission` and reach `resource`.
    public func grants(_ caller: Caller, _ permission: Permission, on resource: AccessResource) -> [RoleGrant] {
        caller.grants.filter { grant in
            scope(of: permission, in: grant)?.reaches(resource, grant: grant, userID: caller.userID) ?? false
        }
    }

    /// Whether the caller may use `permission` on `resource`.
    public func permits(_ caller: Caller, _ permission: Permission, on resource: AccessResource) -> Bool {
        !grants(caller, permission, on: resource).isEmpty
    }

    /// Whether the caller holds `permission` in any role, whatever its reach.
    public func holds(_ caller: Caller, _ permission: Permission) -> Bool {
        caller.grants.contains { scope(of: permission, in: $0) != nil }
    }

    /// Refuses unless the caller may use `permission` on `resource`: 401 for an anonymous caller,
    /// 403 otherwise.
    public func require(_ caller: Caller, _ permission: Permission, on resource: AccessResource) throws(DomainError) {
        guard caller.isAuthenticated else { throw AccessPolicy.unauthenticated }
        guard permits(caller, permission, on: resource) else { throw AccessPolicy.forbidden(permission) }
    }

    /// Refuses unless the caller holds `permission` in some role (the resource is judged later, by a
    /// scoped query).
    public func requireHolding(_ caller: Caller, _ permission: Permission) throws(DomainError) {
        guard caller.isAuthenticated else { throw AccessPolicy.unauthenticated }
        guard holds(caller, permission) else { throw AccessPolicy.forbidden(permission) }
    }

    /// The cases the caller may list under `permission`: the union over their roles that hold it.
    public func caseVisibility(_ caller: Caller, _ permission: Permission) -> CaseVisibility {
        var visibility = CaseVisibility()
        for grant in caller.grants {
            guard let scope = scope(of: permission, in: grant) else { continue }
            if let userID = caller.userID { visibility.reporterID = userID }
            switch scope {
            case .own: break
            case .organisation:
                if let organisation = grant.organisationCode, !visibility.organisations.contains(organisation) {
                    visibility.organisations.append(organisation)
                }
            case .jurisdiction:
                if let region = grant.jurisdiction {
                    if !visibility.regions.contains(where: { $0.contains(region) }) {
                        visibility.regions.removeAll { region.contains($0) }
                        visibility.regions.append(region)
                    }
                } else {
                    visibility.everything = true
                }
            case .city:
                visibility.everything = true
            }
        }
        return visibility
    }

    /// The channel a report by `grant` comes through: the requested one when the role may use it,
    /// else the role's default. The channel is never taken from a request body alone.
    public func channel(for grant: RoleGrant, requested: CaseSource?) throws(DomainError) -> CaseSource {
        let channels = roles[grant.role]?.channels ?? []
        guard let first = channels.first else {
            throw DomainError(.forbidden, code: "role_not_allowed", field: "source",
                              zh: "角色“\(grant.role.label.zh)”没有上报渠道", en: "The role \(grant.role.rawValue) reports through no channel")
        }
        guard let requested else { return first }
        guard channels.contains(requested) else {
            throw DomainError(.forbidden, code: "channel_not_allowed", field: "source",
                              zh: "角色“\(grant.role.label.zh)”只能通过\(channels.map(\.label.zh).joined(separator: "、"))上报",
                              en: "The role \(grant.role.rawValue) reports through \(channels.map(\.rawValue).joined(separator: ", ")) only; the channel comes from the client, not the body")
        }
        return requested
    }

    public static let unauthenticated = DomainError(.unauthenticated, code: "missing_token", field: "Authorization",
                                             zh: "需要登录：请提供 Bearer 令牌", en: "Authentication required: send a Bearer token")

    public static func forbidden(_ permission: Permission) -> DomainError {
        DomainError(.forbidden, code: "permission_denied", zh: "您的角色没有“\(permission.rawValue)”权限",
                    en: "None of your roles holds the permission \(permission.rawValue) for this")
    }
}
