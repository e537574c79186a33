/// Who is asking (调用者): a signed-in user with their roles, an anonymous member of the public, or
/// CityGrid itself. Every query and command of the application layer takes one, and the access
/// policy decides from it.
public struct Caller: Hashable, Sendable {
    /// The signed-in user, or `nil` for an anonymous caller.
    public var user: User?
    /// The powers the user's organisations hold through delegations in force (放权), as role grants
    /// (``Delegation/grants(of:from:at:)``).
    public var delegated: [RoleGrant]

    public init(user: User?, delegated: [RoleGrant] = []) {
        self.user = user
        self.delegated = user == nil ? [] : delegated
    }

    /// Nobody signed in.
    public static let anonymous = Caller(user: nil)

    public var isAuthenticated: Bool { user != nil }
    /// The signed-in user's id; `nil` when anonymous.
    public var userID: UserID? { user?.id }
    /// Who the caller is: a user, or anonymous.
    public var principal: Principal { user.map { .user($0.id) } ?? .anonymous }
    /// The roles the caller holds, their own then those delegated to their organisations (none when anonymous).
    public var grants: [RoleGrant] { (user?.grants ?? []) + delegated }
}
