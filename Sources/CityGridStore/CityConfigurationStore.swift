import CityGridCore
import CityGridGeometry

/// The city's configuration (城市配置): its regions and grids, catalogue, working-time calendar,
/// organisations, routing rules, workflow definition and registered components, and the version
/// that every change of them raises.
///
/// Contract:
/// - Every write below is all-or-nothing, raises ``configurationVersion()`` by exactly one in the
///   same transaction, and appends one configuration entry to the change log
///   (``ChangeLogStore/changes(after:limit:)``) naming the new version.
/// - A refused write (`conflict`) changes nothing: neither the configuration nor the version nor
///   the log.
/// - What is read back is what was written, in the store's form: regions, grids and organisations
///   in code order, routing rules in the order written, grid boundaries to 7 decimals (about 1 cm).
public protocol CityConfigurationStore: Sendable {
    /// Writes a whole city (regions, grids, organisations, catalogue, routing, calendar), its users
    /// and components, replacing what was there, cases, notifications, media, tokens and an imported
    /// workflow included (it starts a city anew, on the standard workflow). The change log, the
    /// configuration version and leases are kept; the log's entry is ``ChangeLogEntry/Kind/cityReplaced``.
    func replaceCity(_ city: CityModel, users: [User], components: [Component]) async throws

    /// Replaces the grids and the regions above them, keeping everything else. Refused (`conflict`,
    /// by ``GridReplacement``) while cases or components refer to the old grids, unless `force`
    /// deletes them (with their events and notifications); always refused while a user or an
    /// organisation names a region the new grids do not have.
    func replaceGrids(_ grids: [UnitGrid], regions: [Region], force: Bool) async throws

    /// Replaces the catalogue.
    func replaceCatalogue(_ catalogue: Catalogue) async throws

    /// Replaces the working-time calendar.
    func replaceCalendar(_ calendar: WorkCalendar) async throws

    /// The stored city, or `nil` when the store holds none yet. Its
    /// ``CityModel/configurationVersion`` is the version read in the same snapshot.
    func loadCity() async throws -> CityModel?

    /// Adds or updates organisations (by code); the others stay.
    func upsertOrganisations(_ organisations: [Organisation]) async throws

    /// Replaces the explicit routing rules.
    func replaceRoutingRules(_ rules: [RoutingRule]) async throws

    /// Stores a workflow definition file's text (validated by the caller); ``loadCity()`` decodes it.
    /// Refused (`conflict`, by ``WorkflowReplacement``) while cases are in a state, or would return
    /// from a merge to a state, that `states` lacks.
    func replaceWorkflow(json: String, states: Set<CaseState>) async throws

    /// How many components are registered.
    func componentCount() async throws -> Int

    /// One registered component, or `nil`.
    func component(id: String) async throws -> Component?

    /// The configuration version (配置版本): 0 for a new store, raised by one in the same transaction
    /// as every configuration write above.
    func configurationVersion() async throws -> Int64
}
