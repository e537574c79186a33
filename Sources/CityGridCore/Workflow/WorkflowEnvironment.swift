/// The configuration a workflow step reads: the definition, the catalogue (time limits), the
/// calendar, the organisations and the routing table.
public struct WorkflowEnvironment: Sendable {
    public var definition: WorkflowDefinition
    public var catalogue: Catalogue
    public var calendar: WorkCalendar
    public var organisations: [OrganisationCode: Organisation]
    public var routing: RoutingTable

    public init(definition: WorkflowDefinition = .standard, catalogue: Catalogue, calendar: WorkCalendar,
                organisations: [Organisation], routingRules: [RoutingRule]) {
        self.definition = definition
        self.catalogue = catalogue
        self.calendar = calendar
        self.organisations = Dictionary(organisations.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.routing = RoutingTable(rules: routingRules, organisations: organisations)
    }
}
