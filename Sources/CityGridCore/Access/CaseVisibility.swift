/// The cases a caller may list with one permission (可见范围): the union, over the roles holding it,
/// of the caller's own reports, the cases of some organisations (assigned or summoned) and the cases
/// in some regions. Stores turn it into their own filter; ``contains(_:)`` is the same rule in memory.
public struct CaseVisibility: Hashable, Sendable {
    /// Every case in the city.
    public var everything: Bool
    /// Cases reported by this user.
    public var reporterID: UserID?
    /// Cases assigned to, or summoned to, these bodies.
    public var organisations: [OrganisationCode]
    /// Cases whose grid lies in one of these regions.
    public var regions: [RegionCode]

    public init(everything: Bool = false, reporterID: UserID? = nil, organisations: [OrganisationCode] = [], regions: [RegionCode] = []) {
        self.everything = everything
        self.reporterID = reporterID
        self.organisations = organisations
        self.regions = regions
    }

    public static let all = CaseVisibility(everything: true)

    /// True when nothing is visible.
    public var isEmpty: Bool { !everything && reporterID == nil && organisations.isEmpty && regions.isEmpty }

    public func contains(_ value: Case) -> Bool {
        if everything { return true }
        if let reporterID, value.reporterID == reporterID { return true }
        for organisation in organisations where value.departmentCode == organisation || value.subtasks.contains(where: { $0.departmentCode == organisation }) {
            return true
        }
        return regions.contains { $0.contains(value.chain.grid) }
    }

    /// Whether every case in `region` is visible (so a region filter alone says it all).
    public func coversWhole(_ region: RegionCode) -> Bool {
        everything || regions.contains { $0.contains(region) }
    }
}
