import CityGridCore
import CityGridGeometry
import CityGridStore
import Foundation
import Testing

/// ``CityConfigurationStore``: round trips, version bumps, refusals.
@Suite struct ConfigurationContractTests {
    @Test(arguments: StoreKind.allCases) func aNewStoreIsEmpty(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        #expect(try await store.loadCity() == nil)
        #expect(try await store.configurationVersion() == 0)
        #expect(try await store.lastChangeSequence() == 0)
        #expect(try await store.changes(after: 0, limit: 10).isEmpty)
        #expect(try await store.caseCount() == 0)
        #expect(try await store.users().isEmpty)
        #expect(try await store.componentCount() == 0)
    }

    @Test(arguments: StoreKind.allCases) func cityRoundTrips(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let city = ContractCity.city
        let loaded = try #require(try await store.loadCity())
        #expect(loaded.name == city.name)
        #expect(loaded.grids == city.grids.sorted { $0.code < $1.code })
        #expect(loaded.regions == city.regions.sorted { $0.code < $1.code })
        #expect(loaded.organisations == city.organisations.sorted { $0.code < $1.code })
        #expect(loaded.routingRules == city.routingRules)
        #expect(loaded.catalogue == city.catalogue)
        #expect(loaded.calendar == city.calendar)
        #expect(Set(loaded.workflow.states.keys) == Set(WorkflowDefinition.standard.states.keys))
        #expect(loaded.configurationVersion == 1)
        #expect(try await store.users() == ContractCity.demo.users.sorted { $0.id < $1.id })
        #expect(try await store.componentCount() == ContractCity.demo.components.count)
        let component = try #require(ContractCity.demo.components.first)
        #expect(try await store.component(id: component.id) == component)
        #expect(try await store.component(id: "no-such-component") == nil)
    }

    @Test(arguments: StoreKind.allCases) func everyConfigurationWriteRaisesTheVersionByOneAndLogsIt(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let city = ContractCity.city
        try await store.replaceCatalogue(city.catalogue)
        try await store.replaceCalendar(city.calendar)
        try await store.upsertOrganisations(Array(city.organisations.prefix(1)))
        try await store.replaceRoutingRules(city.routingRules)
        try await store.replaceWorkflow(json: WorkflowDefinition.standardJSON, states: Set(WorkflowDefinition.standard.states.keys))
        try await store.replaceGrids(city.grids, regions: city.regions, force: true)
        #expect(try await store.configurationVersion() == 7)
        #expect(try await store.loadCity()?.configurationVersion == 7)
        let entries = try await store.changes(after: 0, limit: 100)
        #expect(entries.map(\.kind) == [.cityReplaced, .catalogueReplaced, .calendarReplaced, .organisationsChanged, .routingReplaced,
                                        .workflowReplaced, .gridsReplaced])
        #expect(entries.map(\.configVersion) == (1...7).map { Int64($0) })
        #expect(entries.map(\.sequence) == (1...7).map { Int64($0) })
        #expect(entries.allSatisfy { $0.caseID == nil && $0.userID == nil && $0.caseVersion == nil })
    }

    @Test(arguments: StoreKind.allCases) func organisationsAreUpsertedByCode(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        var changed = try #require(ContractCity.city.organisations.first)
        changed.name = LocalizedText(zh: "改名", en: "Renamed")
        let added = Organisation(code: "ZZ-NEW", name: LocalizedText(zh: "新单位", en: "New body"), kind: changed.kind,
                                 responsibilities: ["E01", "E02"])
        try await store.upsertOrganisations([changed, added])
        let organisations = try #require(try await store.loadCity()).organisations
        #expect(organisations.count == ContractCity.city.organisations.count + 1)
        #expect(organisations.first { $0.code == changed.code } == changed)
        #expect(organisations.first { $0.code == "ZZ-NEW" } == added)
        #expect(organisations.map(\.code) == organisations.map(\.code).sorted())
    }

    @Test(arguments: StoreKind.allCases) func droppingGridsInUseIsRefusedUnlessForcedAndNothingChanges(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let city = ContractCity.city
        _ = try await store.createCase(ContractCity.draft())
        // A version that keeps every grid in use (here: the same grids, redrawn or not) keeps the cases.
        try await store.replaceGrids(city.grids, regions: city.regions, force: false)
        #expect(try await store.configurationVersion() == 2)
        #expect(try await store.caseCount() == 1)
        // Dropping the case's grid is refused without force, and nothing changes.
        let before = try await store.lastChangeSequence()
        await expectDomainError(.conflict, "grids_in_use", field: "force") {
            try await store.replaceGrids(Array(city.grids.dropFirst()), regions: city.regions, force: false)
        }
        #expect(try await store.configurationVersion() == 2)
        #expect(try await store.lastChangeSequence() == before)
        #expect(try await store.caseCount() == 1)
        #expect(try await store.loadCity()?.grids.count == city.grids.count)

        try await store.replaceGrids(Array(city.grids.dropFirst()), regions: city.regions, force: true)
        #expect(try await store.caseCount() == 0)
        #expect(try await store.componentCount() == 0)
        #expect(try await store.configurationVersion() == 3)
        // Ids and serials start again once the cases are gone.
        let again = try await store.createCase(ContractCity.draft())
        #expect(again.id == 1 && again.number == "E010220261129000001")
    }

    @Test(arguments: StoreKind.allCases) func gridsLackingAJurisdictionAreAlwaysRefused(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let city = ContractCity.city
        let named = try #require(ContractCity.demo.users.first { $0.jurisdiction != nil }?.jurisdiction)
        let regions = city.regions.filter { !$0.code.rawValue.hasPrefix(named.rawValue) }
        let grids = city.grids.filter { !$0.code.rawValue.hasPrefix(named.rawValue) }
        await expectDomainError(.conflict, "regions_in_use", field: "jurisdiction") {
            try await store.replaceGrids(grids, regions: regions, force: true)
        }
        #expect(try await store.loadCity()?.grids.count == city.grids.count)
        #expect(try await store.configurationVersion() == 1)
    }

    @Test(arguments: StoreKind.allCases) func gridBoundariesAreKeptTo7Decimals(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let city = ContractCity.city
        var grids = city.grids
        let original = grids[0]
        let shifted = Polygon(exterior: original.boundary.exterior.map { GeoPoint(lon: $0.lon + 0.000_000_012_3, lat: $0.lat - 0.000_000_004_4) },
                              holes: original.boundary.holes)
        grids[0] = UnitGrid(code: original.code, name: original.name, boundary: shifted)
        try await store.replaceGrids(grids, regions: city.regions, force: true)
        let loaded = try #require(try await store.loadCity()?.grids.first { $0.code == original.code })
        let expected = shifted.exterior.map { GeoPoint(lon: Double(Decimal7.format($0.lon))!, lat: Double(Decimal7.format($0.lat))!) }
        #expect(loaded.boundary.exterior == expected)
        #expect(loaded.boundary.exterior != shifted.exterior)
    }

    @Test(arguments: StoreKind.allCases) func aWorkflowLackingAStateInUseIsRefused(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        _ = try await store.createCase(ContractCity.draft())
        var states = Set(WorkflowDefinition.standard.states.keys)
        states.remove(.reported)
        await expectDomainError(.conflict, "states_in_use", field: "states") {
            try await store.replaceWorkflow(json: WorkflowDefinition.standardJSON, states: states)
        }
        #expect(try await store.configurationVersion() == 1)
        try await store.replaceWorkflow(json: WorkflowDefinition.standardJSON, states: Set(WorkflowDefinition.standard.states.keys))
        #expect(try await store.configurationVersion() == 2)
        #expect(try await store.loadCity()?.workflow.states.count == WorkflowDefinition.standard.states.count)
    }

    @Test(arguments: StoreKind.allCases) func aNewCityStartsAnewButKeepsTheLogAndLeases(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        _ = try await store.createCase(ContractCity.draft())
        let user = try #require(ContractCity.demo.users.first)
        try await store.addToken(userID: user.id, tokenHash: "h1", createdAt: ContractCity.t0, expiresAt: ContractCity.t0.addingTimeInterval(3600))
        #expect(try await store.acquireLease("clock", holder: "a", now: ContractCity.t0, duration: 60))
        let before = try await store.lastChangeSequence()

        try await store.replaceCity(ContractCity.city, users: Array(ContractCity.demo.users.prefix(2)), components: [])
        #expect(try await store.caseCount() == 0)
        #expect(try await store.users().count == 2)
        #expect(try await store.user(tokenHash: "h1", at: ContractCity.t0) == nil)
        #expect(try await store.componentCount() == 0)
        #expect(try await store.lastChangeSequence() == before + 1)
        #expect(try await store.changes(after: before, limit: 10).map(\.kind) == [.cityReplaced])
        #expect(try await store.configurationVersion() == 2)
        #expect(!(try await store.acquireLease("clock", holder: "b", now: ContractCity.t0, duration: 60)))
        let first = try await store.createCase(ContractCity.draft())
        #expect(first.id == 1 && first.number == "E010220261129000001")
    }

    /// Nothing of the old city's people or reports survives to attach to the new city's case or
    /// account of the same id: a report's origin and contact, a citizen's contact and code, grants of
    /// power, points.
    @Test(arguments: StoreKind.allCases) func aNewCityKeepsNoneOfTheOldPeoplesData(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let citizen = try await store.addUser(NewUser(username: "citizen-old", displayName: "138****0001", role: .citizen), contact: "+8613800000001")
        try await store.putOneTimeCode(OneTimeCode(contact: "+8613800000001", codeHash: "x", createdAt: ContractCity.t0, expiresAt: ContractCity.t0.addingTimeInterval(600)))
        var draft = ContractCity.draft(reporter: citizen.id)
        draft.origin = ReportOrigin(client: "portal", deviceID: "device-1", contact: ReporterContact(firstName: "Ming", phone: "13800000001"))
        let old = try await store.createCase(draft)
        _ = try await store.addDelegation(Delegation(power: DelegatedPower.approveExtensions, organisationCode: "O-1", jurisdiction: nil,
                                                     validFrom: ContractCity.t0, validUntil: ContractCity.t0.addingTimeInterval(86_400), reason: "r",
                                                     grantedBy: 1, grantedAt: ContractCity.t0))
        try await store.replaceCity(ContractCity.city, users: Array(ContractCity.demo.users.prefix(2)), components: [])
        let new = try await store.createCase(ContractCity.draft())
        #expect(new.id == old.id)
        #expect(try await store.origin(ofCase: new.id) == nil)
        #expect(try await store.user(contact: "+8613800000001") == nil)
        #expect(try await store.oneTimeCode(contact: "+8613800000001") == nil)
        #expect(try await store.delegations().isEmpty)
    }
}
