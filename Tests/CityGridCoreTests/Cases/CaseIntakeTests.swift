import CityGridCore
import CityGridGeometry
import Foundation
import Testing

@Suite("CaseIntake")
struct CaseIntakeTests {
    let intake = CaseIntake(geocoder: Geocoder(grids: Fixture.grids), machine: Fixture.machine)
    let inGrid = GeoPoint(lon: 120.0005, lat: 30.0005)

    func report(_ code: String = "E0102", at point: GeoPoint? = nil, description: String = "Garbage by the gate",
                source: CaseSource = .citizenApp, component: String? = nil) -> CaseReport {
        CaseReport(category: category(code), location: point ?? inGrid, description: description, source: source, componentID: component)
    }

    @Test("a report becomes a draft: geocoded, reported, with one report event and the number prefix")
    func draft() throws {
        let at = instant("2026-11-29T20:00:00Z").addingTimeInterval(0.6)
        let draft = try intake.draft(report(), by: Fixture.citizen, at: at)
        let value = draft.value
        #expect(value.id == .unassigned)
        #expect(value.number == "")
        #expect(value.category == category("E0102"))
        #expect(value.source == .citizenApp)
        #expect(value.location == inGrid)
        #expect(value.chain.grid == region("910101001001001"))
        #expect(value.chain.community == region("910101001001"))
        #expect(value.chain.subdistrict == region("910101001"))
        #expect(value.chain.district == region("910101"))
        #expect(value.description == "Garbage by the gate")
        #expect(value.reporterID == 16)
        #expect(value.componentID == nil)
        #expect(value.state == .reported)
        #expect(value.version == 1)
        #expect(value.reportedAt == instant("2026-11-29T20:00:00Z"))
        #expect(value.departmentCode == nil && value.deadlineAt == nil)
        // The clocks start at the report (04:00 local, before opening): intake has 1 working hour, the whole
        // case 1 + 1 + 1 + 7 (one working day of disposal) + 4 + 1 = 15 working hours.
        #expect(value.stage == "intake")
        #expect(value.stageStartedAt == instant("2026-11-29T20:00:00Z"))
        #expect(value.stageDeadlineAt == cst("2026-11-30T10:00:00"))
        #expect(value.warnAt == cst("2026-11-30T09:48:00"))
        #expect(value.caseDeadlineAt == cst("2026-12-02T10:00:00"))
        #expect(value.alertLevel == AlertLevel.none)
        // 20:00Z is 04:00 the next morning in UTC+8.
        #expect(draft.numberPrefix == "E010220261130")
        #expect(draft.events == [CaseEvent(caseID: .unassigned, sequence: 1, actorID: 16, role: .citizen, action: .report,
                                           at: instant("2026-11-29T20:00:00Z"), fromState: nil, toState: .reported, note: "citizen_app")])
    }

    @Test("the number's date is the local date", arguments: [
        ("2026-11-29T15:59:59Z", "E010220261129"), ("2026-11-29T16:00:00Z", "E010220261130"), ("2026-11-28T16:00:00Z", "E010220261129"),
    ])
    func localDatePrefix(at: String, prefix: String) throws {
        #expect(try intake.draft(report(), by: Fixture.citizen, at: instant(at)).numberPrefix == prefix)
    }

    @Test("each grid gives its own chain")
    func chains() throws {
        let east = try intake.draft(report(at: GeoPoint(lon: 120.0015, lat: 30.0005)), by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        #expect(east.value.chain == GridChain(grid: region("910101001001002")))
        let other = try intake.draft(report(at: GeoPoint(lon: 120.0015, lat: 30.0015)), by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        #expect(other.value.chain.subdistrict == region("910101002"))
        #expect(other.value.chain.grid == region("910101002001001"))
    }

    @Test("a component report keeps its component and the event notes its source")
    func componentReport() throws {
        let draft = try intake.draft(report("C0101", source: .inspector, component: "9101010101000001"), by: Fixture.inspector,
                                     at: cst("2026-11-30T10:00:00"))
        #expect(draft.value.componentID == "9101010101000001")
        #expect(draft.value.kind == .component)
        #expect(draft.value.reporterID == 15)
        #expect(draft.numberPrefix == "C010120261130")
        #expect(draft.events.count == 1)
        #expect(draft.events[0].note == "inspector")
        #expect(draft.events[0].role == .inspector)
    }

    @Test("a point outside every grid is outside the city")
    func outsideCity() {
        expectRefusal(.invalid, code: "outside_city", field: "location") { () throws(DomainError) in
            try intake.draft(report(at: GeoPoint(lon: 120.5, lat: 30.5)), by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        }
    }

    @Test("invalid coordinates are refused", arguments: [GeoPoint(lon: 200, lat: 30), GeoPoint(lon: 120, lat: -95), GeoPoint(lon: .nan, lat: 30)])
    func invalidLocation(point: GeoPoint) {
        expectRefusal(.invalid, code: "invalid_location", field: "location") { () throws(DomainError) in
            try intake.draft(report(at: point), by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        }
    }

    @Test("a category not in the catalogue is refused, before the location is looked at")
    func unknownCategory() {
        expectRefusal(.invalid, code: "unknown_category", field: "category") { () throws(DomainError) in
            try intake.draft(report("E0101"), by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        }
        expectRefusal(.invalid, code: "unknown_category", field: "category") { () throws(DomainError) in
            try intake.draft(report("C0199", at: GeoPoint(lon: 0, lat: 0)), by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        }
    }

    @Test("descriptions up to 4,000 characters are accepted, longer ones refused")
    func descriptionLength() throws {
        #expect(CaseIntake.maxDescriptionLength == 4000)
        let longest = String(repeating: "网", count: 4000)
        #expect(try intake.draft(report(description: longest), by: Fixture.citizen, at: cst("2026-11-30T10:00:00")).value.description == longest)
        expectRefusal(.invalid, code: "invalid_field", field: "description") { () throws(DomainError) in
            try intake.draft(report(description: longest + "!"), by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        }
    }

    @Test("a component ID is refused on an event, and when malformed")
    func componentID() {
        expectRefusal(.invalid, code: "invalid_field", field: "component_id") { () throws(DomainError) in
            try intake.draft(report("E0102", component: "9101010101000001"), by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        }
        expectRefusal(.invalid, code: "invalid_field", field: "component_id") { () throws(DomainError) in
            try intake.draft(report("C0101", component: "12345"), by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        }
        expectRefusal(.invalid, code: "invalid_field", field: "component_id") { () throws(DomainError) in
            try intake.draft(report("C0101", component: "0000000101000001"), by: Fixture.citizen, at: cst("2026-11-30T10:00:00"))
        }
    }

    @Test("who may report", arguments: [
        (Role.citizen, true), (.inspector, true), (.intakeOperator, true), (.shiftLeader, true), (.dispatcher, true), (.admin, true),
        (.leader, false), (.departmentHandler, false), (.system, false),
    ])
    func reportingRoles(role: Role, allowed: Bool) throws {
        let actor = Actor(userID: 99, role: role, organisationCode: role == .citizen ? nil : "CENTRE")
        if allowed {
            let draft = try intake.draft(report(), by: actor, at: cst("2026-11-30T10:00:00"))
            #expect(draft.events[0].role == role)
            #expect(draft.value.reporterID == 99)
        } else {
            expectRefusal(.forbidden, code: "role_not_allowed", field: "source") { () throws(DomainError) in
                try intake.draft(report(), by: actor, at: cst("2026-11-30T10:00:00"))
            }
        }
    }

    @Test("an inspector reports only inside their jurisdiction")
    func inspectorJurisdiction() throws {
        // Fixture.inspector patrols subdistrict 910101001.
        #expect(try intake.draft(report(at: GeoPoint(lon: 120.0005, lat: 30.0015)), by: Fixture.inspector, at: cst("2026-11-30T10:00:00"))
                    .value.chain.grid == region("910101001002001"))
        expectRefusal(.forbidden, code: "outside_jurisdiction", field: "location") { () throws(DomainError) in
            try intake.draft(report(at: GeoPoint(lon: 120.0015, lat: 30.0015)), by: Fixture.inspector, at: cst("2026-11-30T10:00:00"))
        }
        let gridInspector = Actor(userID: 20, role: .inspector, jurisdiction: region("910101001001002"))
        expectRefusal(.forbidden, code: "outside_jurisdiction", field: "location") { () throws(DomainError) in
            try intake.draft(report(), by: gridInspector, at: cst("2026-11-30T10:00:00"))
        }
    }
}
