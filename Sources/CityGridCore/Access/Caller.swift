/// Who is asking (调用者): a signed-in user with their roles, an anonymous member of the public, or
/// CityGrid itself. Every query and command of the application layer takes one, and the access
/// policy decides from it.
public struct Caller: Hashable, Sendable {
    /// The signed-in user, or `nil` for an anonymous caller.
    public var user: User?

    public init(user: User?) {
        self.user = user
    }

    /// Nobody signed in.
    public static let anonymous = Caller(user: nil)

    public var isAuthenticated: Bool { user != nil }
    /// The signed-in user's id; `nil` when anonymous.
    public var userID: UserID? { user?.id }
    /// Who the caller is: a user, or anonymous.
    public var principal: Principal { user.map { .user($0.id) } ?? .anonymous }
    /// The roles the caller holds (none when anonymous).
    public var grants: [RoleGrant] { user?.grants ?? [] }
}
