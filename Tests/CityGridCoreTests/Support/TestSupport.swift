import CityGridCore
import CityGridGeometry
import Foundation
import Testing

/// A tiny seeded generator (SplitMix64), so randomized tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An instant from an ISO 8601 text with an explicit offset, e.g. `2026-11-29T20:00:00Z`.
/// Parsed by Foundation, independently of the code under test.
func instant(_ text: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: text) else {
        preconditionFailure("bad ISO 8601 instant in a test: \(text)")
    }
    return date
}

/// An instant given in China Standard Time (UTC+8), e.g. `cst("2026-11-30T10:00:00")`.
func cst(_ localText: String) -> Date { instant(localText + "+08:00") }

/// A region code that must be valid.
func region(_ text: String) -> RegionCode {
    guard let code = RegionCode(text) else { preconditionFailure("bad region code in a test: \(text)") }
    return code
}

/// A category code that must be valid.
func category(_ text: String) -> CategoryCode {
    guard let code = CategoryCode(text) else { preconditionFailure("bad category code in a test: \(text)") }
    return code
}

/// A local date that must be valid.
func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { preconditionFailure("bad local date in a test: \(text)") }
    return date
}

/// Runs `body`, expecting a ``DomainError`` with exactly this kind, code and field.
func expectRefusal<T>(
    _ kind: DomainError.Kind, code: String, field: String?,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(DomainError) -> T
) {
    do throws(DomainError) {
        let value = try body()
        Issue.record("expected the refusal \(code), but got \(value)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.kind == kind, "kind of \(error)", sourceLocation: sourceLocation)
        #expect(error.code == code, "code of \(error)", sourceLocation: sourceLocation)
        #expect(error.field == field, "field of \(error)", sourceLocation: sourceLocation)
        #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty, sourceLocation: sourceLocation)
    }
}

/// The refusal `body` throws, or `nil` (recording an issue) when it succeeds.
func refusal<T>(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(DomainError) -> T) -> DomainError? {
    do throws(DomainError) {
        let value = try body()
        Issue.record("expected a refusal, but got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// An axis-aligned rectangle, counter-clockwise from its south-west corner. The corners are given
/// as literals (not computed as `west + side`), so that neighbours share bit-identical edges.
func rectangle(west: Double, south: Double, east: Double, north: Double) -> Polygon {
    Polygon(exterior: [
        GeoPoint(lon: west, lat: south), GeoPoint(lon: east, lat: south),
        GeoPoint(lon: east, lat: north), GeoPoint(lon: west, lat: north),
    ])
}

/// A small hand-built city for the workflow and intake tests.
///
/// - catalogue: `C0101` water manhole cover (6 working hours, `water`) and `E0102` exposed garbage
///   (1 working day, `sanitation`);
/// - organisations: `D-WATER` (city-wide, `water`) and `D-SANITATION` (district 910101, `sanitation`);
/// - four square grids of 0.001° around (120.000, 30.000):
///
///       30.002 +-----------------+-----------------+
///              | 910101001002001 | 910101002001001 |
///       30.001 +-----------------+-----------------+
///              | 910101001001001 | 910101001001002 |
///       30.000 +-----------------+-----------------+
///           120.000           120.001           120.002
enum Fixture {
    static let grid = region("910101001001001")
    static let eastGrid = region("910101001001002")
    static let northGrid = region("910101001002001")
    static let otherSubdistrictGrid = region("910101002001001")

    static let manholeCover = category("C0101")
    static let exposedGarbage = category("E0102")

    static let grids: [UnitGrid] = [
        UnitGrid(code: grid, name: LocalizedText(zh: "一号网格", en: "Grid 1"), boundary: rectangle(west: 120.000, south: 30.000, east: 120.001, north: 30.001)),
        UnitGrid(code: eastGrid, name: LocalizedText(zh: "二号网格", en: "Grid 2"), boundary: rectangle(west: 120.001, south: 30.000, east: 120.002, north: 30.001)),
        UnitGrid(code: northGrid, name: LocalizedText(zh: "三号网格", en: "Grid 3"), boundary: rectangle(west: 120.000, south: 30.001, east: 120.001, north: 30.002)),
        UnitGrid(code: otherSubdistrictGrid, name: LocalizedText(zh: "四号网格", en: "Grid 4"), boundary: rectangle(west: 120.001, south: 30.001, east: 120.002, north: 30.002)),
    ]

    static func entry(_ code: String, _ en: String, limit: TimeLimit, responsible: String) -> CatalogueEntry {
        CatalogueEntry(code: category(code), name: LocalizedText(zh: "中文" + en, en: en),
                       filingCondition: LocalizedText(zh: "立案", en: "file when seen"),
                       closingCondition: LocalizedText(zh: "结案", en: "close when fixed"),
                       timeLimit: limit, responsible: responsible, typicalShare: 1)
    }

    static let catalogue: Catalogue = {
        try! Catalogue(
            majors: [
                MajorClass(kind: .component, code: "01", name: LocalizedText(zh: "公用设施", en: "Public utilities")),
                MajorClass(kind: .event, code: "01", name: LocalizedText(zh: "市容环境", en: "City appearance")),
            ],
            entries: [
                entry("C0101", "Water manhole cover", limit: TimeLimit(amount: 6, unit: .workingHours), responsible: "water"),
                {
                    var garbage = entry("E0102", "Exposed garbage", limit: TimeLimit(amount: 1, unit: .workingDays), responsible: "sanitation")
                    garbage.claimableBy = [.ngo, .volunteerTeam]
                    return garbage
                }(),
            ])
    }()

    static let organisations: [Organisation] = [
        Organisation(code: "D-WATER", name: LocalizedText(zh: "水务局", en: "Water authority"), kind: .department,
                     responsibilities: ["water"]),
        Organisation(code: "D-SANITATION", name: LocalizedText(zh: "环卫所", en: "Sanitation office"), kind: .department,
                     responsibilities: ["sanitation"], jurisdiction: region("910101")),
        // Claimants: a volunteer team of the fixture's subdistrict, one of the next subdistrict, a city-wide NGO.
        Organisation(code: "V-910101001", name: LocalizedText(zh: "志愿服务队", en: "Volunteer team"), kind: .volunteerTeam, jurisdiction: region("910101001")),
        Organisation(code: "V-910101002", name: LocalizedText(zh: "邻街志愿服务队", en: "Next-door volunteer team"), kind: .volunteerTeam,
                     jurisdiction: region("910101002")),
        Organisation(code: "N-GREEN", name: LocalizedText(zh: "环保协会", en: "Green association"), kind: .ngo),
    ]

    static func environment(organisations: [Organisation] = organisations, rules: [RoutingRule] = []) -> WorkflowEnvironment {
        WorkflowEnvironment(catalogue: catalogue, calendar: .chinaDefault, organisations: organisations, routingRules: rules)
    }

    static let machine = WorkflowMachine(environment: environment())

    // The actors of the main path; the centre's staff are city-wide.
    static let intakeOperator = Actor(userID: 11, role: .intakeOperator, organisationCode: "CENTRE")
    static let shiftLeader = Actor(userID: 12, role: .shiftLeader, organisationCode: "CENTRE")
    static let dispatcher = Actor(userID: 13, role: .dispatcher, organisationCode: "CENTRE")
    static let sanitationHandler = Actor(userID: 14, role: .departmentHandler, organisationCode: "D-SANITATION")
    static let inspector = Actor(userID: 15, role: .inspector, organisationCode: "CENTRE", jurisdiction: region("910101001"))
    static let citizen = Actor(userID: 16, role: .citizen)
    static let leader = Actor(userID: 17, role: .leader, organisationCode: "CENTRE")
    static let waterHandler = Actor(userID: 18, role: .departmentHandler, organisationCode: "D-WATER")

    /// A freshly reported case in ``grid``.
    static func reportedCase(category: CategoryCode = exposedGarbage, at: Date = cst("2026-11-30T08:30:00")) -> Case {
        Case(id: 42, number: "E0102202611300001", category: category, source: .inspector,
             location: GeoPoint(lon: 120.0005, lat: 30.0005), chain: GridChain(grid: grid),
             description: "A heap of garbage by the gate", reporterID: 15, reportedAt: at)
    }
}
