/// One role a person holds (任职): the role, the organisation they hold it for and the jurisdiction
/// they hold it in. A person can hold several: a subdistrict head is also an inspector; a department
/// has handlers in two districts.
public struct RoleGrant: Hashable, Codable, Sendable {
    public var role: Role
    /// The organisation the role is held for, if any (citizens have none).
    public var organisationCode: OrganisationCode?
    /// The region the role acts in; `nil` means the whole city.
    public var jurisdiction: RegionCode?

    public init(role: Role, organisationCode: OrganisationCode? = nil, jurisdiction: RegionCode? = nil) {
        self.role = role
        self.organisationCode = organisationCode
        self.jurisdiction = jurisdiction
    }

    /// True when the region `code` lies in the role's jurisdiction.
    public func covers(_ code: RegionCode) -> Bool {
        jurisdiction.map { $0.contains(code) } ?? true
    }

    private enum CodingKeys: String, CodingKey {
        case role
        case organisationCode = "organisation_code"
        case jurisdiction
    }
}
