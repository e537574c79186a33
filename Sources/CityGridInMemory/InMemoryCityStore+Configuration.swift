import CityGridCore
import CityGridGeometry
import CityGridStore
import Foundation

/// The city's configuration (城市配置) in memory: each write checks what can refuse it, then
/// replaces its part, raises the version and logs the change, as SQLite's transaction does.
extension InMemoryCityStore {
    public func replaceCity(_ city: CityModel, users: [User], components: [Component]) async throws {
        let name = try JSONEncoder().encode(city.name)
        let catalogue = CatalogueFile(city.catalogue).encoded()
        let calendar = try JSONEncoder().encode(city.calendar)
        // The unique keys, in SQLite's order of writing: regions, grids, organisations, users, components.
        try Self.requireUnique(city.regions.map(\.code.rawValue), field: "code")
        try Self.requireUnique(city.grids.map(\.code.rawValue), field: "code")
        try Self.requireUnique(city.organisations.map(\.code.rawValue), field: "code")
        try Self.requireUnique(users.map { $0.id.description }, field: "id")
        try Self.requireUnique(users.map(\.username), field: "username")
        try Self.requireUnique(components.map(\.id), field: "id")
        try locked { state in
            state.deleteCases()
            state.media = [:]
            state.tokens = [:]
            state.passwords = [:]
            state.contacts = [:]
            state.oneTimeCodes = [:]
            state.delegations = []
            state.points.entries = []
            state.points.keys = []
            state.points.balances = [:]
            state.noticeTables.notices = []
            state.noticeTables.outbox = []
            state.noticeTables.preferences = [:]
            state.users = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
            state.components = Dictionary(uniqueKeysWithValues: components.map { ($0.id, $0) })
            state.routingRules = city.routingRules
            state.organisations = Dictionary(uniqueKeysWithValues: city.organisations.map { ($0.code, StoredForm.organisation($0)) })
            state.grids = Dictionary(uniqueKeysWithValues: city.grids.map { ($0.code, StoredForm.grid($0)) })
            state.regions = Dictionary(uniqueKeysWithValues: city.regions.map { ($0.code, StoredForm.region($0)) })
            state.cityName = name
            state.catalogue = catalogue
            state.calendar = calendar
            state.workflowJSON = nil
            state.configurationChanged(.cityReplaced)
        }
    }

    public func replaceGrids(_ grids: [UnitGrid], regions: [Region], force: Bool) async throws {
        try Self.requireUnique(regions.map(\.code.rawValue), field: "code")
        try Self.requireUnique(grids.map(\.code.rawValue), field: "code")
        try locked { state in
            let references = state.usersInOrder.compactMap { user in
                user.jurisdiction.map { GridReplacement.Reference(who: "user " + user.username, region: $0.rawValue) }
            } + state.organisations.values.sorted { $0.code < $1.code }.compactMap { organisation in
                organisation.jurisdiction.map { GridReplacement.Reference(who: "organisation " + organisation.code.rawValue, region: $0.rawValue) }
            }
            let removed = Set(state.grids.keys).subtracting(grids.map(\.code))
            try GridReplacement.check(removedGrids: Set(removed.map(\.rawValue)),
                                      casesOnRemoved: removed.isEmpty ? 0 : state.cases.values.count { removed.contains($0.chain.grid) },
                                      componentsOnRemoved: removed.isEmpty ? 0 : state.components.values.count { removed.contains($0.gridCode) },
                                      force: force, references: references, newRegions: Set(regions.map(\.code.rawValue)))
            if force {
                state.deleteCases()
                state.components = [:]
            }
            state.grids = Dictionary(uniqueKeysWithValues: grids.map { ($0.code, StoredForm.grid($0)) })
            state.regions = Dictionary(uniqueKeysWithValues: regions.map { ($0.code, StoredForm.region($0)) })
            state.configurationChanged(.gridsReplaced)
        }
    }

    public func replaceCatalogue(_ catalogue: Catalogue) async throws {
        let encoded = CatalogueFile(catalogue).encoded()
        try locked { state in
            state.catalogue = encoded
            state.configurationChanged(.catalogueReplaced)
        }
    }

    public func replaceCalendar(_ calendar: WorkCalendar) async throws {
        let encoded = try JSONEncoder().encode(calendar)
        try locked { state in
            state.calendar = encoded
            state.configurationChanged(.calendarReplaced)
        }
    }

    public func upsertOrganisations(_ organisations: [Organisation]) async throws {
        try Self.requireUnique(organisations.map(\.code.rawValue), field: "code")
        try locked { state in
            for organisation in organisations { state.organisations[organisation.code] = StoredForm.organisation(organisation) }
            state.configurationChanged(.organisationsChanged)
        }
    }

    public func replaceRoutingRules(_ rules: [RoutingRule]) async throws {
        try locked { state in
            state.routingRules = rules
            state.configurationChanged(.routingReplaced)
        }
    }

    public func replaceWorkflow(json: String, states: Set<CaseState>) async throws {
        try locked { state in
            var used: [String] = []
            var seen = Set<String>()
            for id in state.caseIDs {
                guard let c = state.cases[id] else { continue }
                for name in [c.state.rawValue] + (c.stateBeforeMerge.map { [$0.rawValue] } ?? []) where seen.insert(name).inserted {
                    used.append(name)
                }
            }
            try WorkflowReplacement.check(statesInUse: used.sorted(), newStates: states)
            state.workflowJSON = json
            state.configurationChanged(.workflowReplaced)
        }
    }

    public func loadCity() async throws -> CityModel? {
        let stored = try locked { state -> StoredCity? in
            guard let name = state.cityName, let catalogue = state.catalogue, let calendar = state.calendar else { return nil }
            return StoredCity(name: name, catalogue: catalogue, calendar: calendar, workflowJSON: state.workflowJSON,
                              regions: state.regions.values.sorted { $0.code < $1.code }, grids: state.grids.values.sorted { $0.code < $1.code },
                              organisations: state.organisations.values.sorted { $0.code < $1.code }, routingRules: state.routingRules,
                              version: state.configurationVersion)
        }
        guard let stored else { return nil }
        var workflow = WorkflowDefinition.standard
        if let text = stored.workflowJSON {
            workflow = try WorkflowDefinitionFile.decode(json: Data(text.utf8)).0
        }
        var city = CityModel(name: try JSONDecoder().decode(LocalizedText.self, from: stored.name), regions: stored.regions, grids: stored.grids,
                             organisations: stored.organisations, catalogue: try CatalogueFile.decode(json: stored.catalogue),
                             routingRules: stored.routingRules, calendar: try JSONDecoder().decode(WorkCalendar.self, from: stored.calendar),
                             workflow: workflow)
        city.configurationVersion = stored.version
        return city
    }

    public func componentCount() async throws -> Int {
        try locked { $0.components.count }
    }

    public func component(id: String) async throws -> Component? {
        try locked { $0.components[id] }
    }

    public func configurationVersion() async throws -> Int64 {
        try locked { $0.configurationVersion }
    }

    /// The configuration as read in one critical section, decoded outside it.
    private struct StoredCity: Sendable {
        var name: Data
        var catalogue: Data
        var calendar: Data
        var workflowJSON: String?
        var regions: [Region]
        var grids: [UnitGrid]
        var organisations: [Organisation]
        var routingRules: [RoutingRule]
        var version: Int64
    }

    /// Refuses a write holding one key twice, as a unique key would (``StoreFailure/duplicate(field:)``).
    static func requireUnique(_ keys: [String], field: String) throws {
        var seen = Set<String>()
        for key in keys where !seen.insert(key).inserted { throw StoreFailure.duplicate(field: field) }
    }
}
