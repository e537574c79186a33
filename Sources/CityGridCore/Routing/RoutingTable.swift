/// Automatic dispatch routing (自动派遣): which body a case goes to, by its category and its place.
///
/// First the explicit ``RoutingRule``s, most specific first. Without a matching rule, the body whose
/// responsibilities include the category's responsible kind and whose jurisdiction holds the case,
/// preferring the most local one (a district's bureau over the city's), then the smallest code.
/// The dispatcher can always override the proposal.
public struct RoutingTable: Sendable {
    public private(set) var rules: [RoutingRule]
    private let candidatesByResponsibility: [String: [Organisation]]

    public init(rules: [RoutingRule], organisations: [Organisation]) {
        self.rules = rules.sorted { ($0.categoryPrefix.count, $0.regionPrefix.count) > ($1.categoryPrefix.count, $1.regionPrefix.count) }
        var byResponsibility: [String: [Organisation]] = [:]
        for organisation in organisations {
            for responsibility in organisation.responsibilities {
                byResponsibility[responsibility, default: []].append(organisation)
            }
        }
        for key in byResponsibility.keys {
            byResponsibility[key]!.sort {
                let a = $0.jurisdiction?.rawValue.count ?? 0, b = $1.jurisdiction?.rawValue.count ?? 0
                return a != b ? a > b : $0.code < $1.code
            }
        }
        self.candidatesByResponsibility = byResponsibility
    }

    /// The proposed body for a case, or `nil` when nothing is responsible for it there.
    public func route(_ entry: CatalogueEntry, grid: RegionCode) -> OrganisationCode? {
        if let rule = rules.first(where: { $0.matches(category: entry.code, grid: grid) }) {
            return rule.departmentCode
        }
        return candidatesByResponsibility[entry.responsible]?.first { $0.serves(grid) }?.code
    }
}
