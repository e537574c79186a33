/// The static model of a city: its regions and grids, the bodies that work in it, the catalogue,
/// the routing rules and the working-time calendar. Loaded once at start; changed by imports.
public struct CityModel: Sendable {
    public var name: LocalizedText
    public var regions: [Region]
    public var grids: [UnitGrid]
    public var organisations: [Organisation]
    public var catalogue: Catalogue
    public var routingRules: [RoutingRule]
    public var calendar: WorkCalendar
    /// The workflow definition the city runs (the shipped one unless it imported its own).
    public var workflow: WorkflowDefinition
    /// The store's configuration version this model was read at (配置版本; 0 for a model not read
    /// from a store). A reloader compares it with the version of a configuration change.
    public var configurationVersion: Int64 = 0

    public init(name: LocalizedText, regions: [Region], grids: [UnitGrid], organisations: [Organisation], catalogue: Catalogue,
                routingRules: [RoutingRule], calendar: WorkCalendar, workflow: WorkflowDefinition = .standard) {
        self.name = name
        self.regions = regions
        self.grids = grids
        self.organisations = organisations
        self.catalogue = catalogue
        self.routingRules = routingRules
        self.calendar = calendar
        self.workflow = workflow
    }

    /// The workflow environment this city's configuration defines.
    public func workflowEnvironment() -> WorkflowEnvironment {
        WorkflowEnvironment(definition: workflow, catalogue: catalogue, calendar: calendar,
                            organisations: organisations, routingRules: routingRules)
    }
}
