import CityGridCore
import Foundation
import Testing

@Suite("RoutingTable")
struct RoutingTableTests {
    static let garbage = Fixture.entry("E0102", "Exposed garbage", limit: TimeLimit(amount: 1, unit: .workingDays), responsible: "sanitation")
    static let litter = Fixture.entry("E0103", "Litter", limit: TimeLimit(amount: 1, unit: .workingDays), responsible: "sanitation")
    static let cover = Fixture.entry("C0101", "Water manhole cover", limit: TimeLimit(amount: 6, unit: .workingHours), responsible: "water")
    static let tree = Fixture.entry("C0501", "Street tree", limit: TimeLimit(amount: 3, unit: .workingDays), responsible: "parks")

    static let grid = region("910101001001001")

    static func body(_ code: String, _ responsibilities: [String], _ jurisdiction: String? = nil) -> Organisation {
        Organisation(code: OrganisationCode(code), name: LocalizedText(zh: code, en: code), kind: .department,
                     responsibilities: responsibilities, jurisdiction: jurisdiction.map(region))
    }

    static let sanitationBodies = [
        body("S-CITY", ["sanitation"]),
        body("S-910101", ["sanitation"], "910101"),
        body("S-910102", ["sanitation"], "910102"),
        body("W-CITY", ["water", "drainage"]),
    ]

    @Test("an explicit rule beats responsibility")
    func ruleBeatsResponsibility() {
        let table = RoutingTable(rules: [RoutingRule(categoryPrefix: "E01", regionPrefix: "", departmentCode: "RULE")],
                                 organisations: Self.sanitationBodies)
        #expect(table.route(Self.garbage, grid: Self.grid) == "RULE")
        // The rule does not match components: responsibility decides.
        #expect(table.route(Self.cover, grid: Self.grid) == "W-CITY")
    }

    @Test("the longest category prefix wins, then the longest region prefix")
    func mostSpecificRule() {
        let rules = [
            RoutingRule(categoryPrefix: "", regionPrefix: "", departmentCode: "ANY"),
            RoutingRule(categoryPrefix: "E", regionPrefix: "910101001001001", departmentCode: "E-IN-GRID"),
            RoutingRule(categoryPrefix: "E01", regionPrefix: "", departmentCode: "E01-CITY"),
            RoutingRule(categoryPrefix: "E01", regionPrefix: "910101", departmentCode: "E01-DISTRICT"),
            RoutingRule(categoryPrefix: "E01", regionPrefix: "910101001", departmentCode: "E01-SUBDISTRICT"),
            RoutingRule(categoryPrefix: "E0102", regionPrefix: "", departmentCode: "E0102-CITY"),
        ]
        // Whatever order the rules come in.
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<10 {
            let table = RoutingTable(rules: rules.shuffled(using: &rng), organisations: [])
            #expect(table.route(Self.garbage, grid: Self.grid) == "E0102-CITY")
            #expect(table.route(Self.litter, grid: Self.grid) == "E01-SUBDISTRICT")
            #expect(table.route(Self.litter, grid: region("910101002001001")) == "E01-DISTRICT")
            #expect(table.route(Self.litter, grid: region("910102001001001")) == "E01-CITY")
            #expect(table.route(Self.cover, grid: Self.grid) == "ANY")
            #expect(table.rules.map(\.departmentCode) == ["E0102-CITY", "E01-SUBDISTRICT", "E01-DISTRICT", "E01-CITY", "E-IN-GRID", "ANY"])
        }
    }

    @Test("a rule for another region does not apply")
    func ruleForOtherRegion() {
        let table = RoutingTable(rules: [RoutingRule(categoryPrefix: "E0102", regionPrefix: "910102", departmentCode: "RULE-910102")],
                                 organisations: Self.sanitationBodies)
        #expect(table.route(Self.garbage, grid: Self.grid) == "S-910101")
        #expect(table.route(Self.garbage, grid: region("910102001001001")) == "RULE-910102")
    }

    @Test("a district-level body beats a city-wide one for the same responsibility, and a subdistrict one beats both")
    func mostLocalBody() {
        let table = RoutingTable(rules: [], organisations: Self.sanitationBodies)
        #expect(table.route(Self.garbage, grid: Self.grid) == "S-910101")
        let withSubdistrict = RoutingTable(rules: [], organisations: Self.sanitationBodies + [Self.body("S-910101001", ["sanitation"], "910101001")])
        #expect(withSubdistrict.route(Self.garbage, grid: Self.grid) == "S-910101001")
        #expect(withSubdistrict.route(Self.garbage, grid: region("910101002001001")) == "S-910101")
        // The order of the organisations does not matter.
        let reversed = RoutingTable(rules: [], organisations: (Self.sanitationBodies + [Self.body("S-910101001", ["sanitation"], "910101001")]).reversed())
        #expect(reversed.route(Self.garbage, grid: Self.grid) == "S-910101001")
    }

    @Test("a body whose jurisdiction does not hold the grid is skipped")
    func outsideJurisdictionSkipped() {
        let table = RoutingTable(rules: [], organisations: Self.sanitationBodies)
        #expect(table.route(Self.garbage, grid: region("910102001001001")) == "S-910102")
        #expect(table.route(Self.garbage, grid: region("910103001001001")) == "S-CITY")
        let localOnly = RoutingTable(rules: [], organisations: [Self.body("S-910102", ["sanitation"], "910102")])
        #expect(localOnly.route(Self.garbage, grid: Self.grid) == nil)
    }

    @Test("between bodies of the same level, the smallest code")
    func tieBreak() {
        let table = RoutingTable(rules: [], organisations: [Self.body("S-B", ["sanitation"], "910101"), Self.body("S-A", ["sanitation"], "910101"),
                                                            Self.body("S-0", ["sanitation"])])
        #expect(table.route(Self.garbage, grid: Self.grid) == "S-A")
    }

    @Test("nil when nobody is responsible")
    func nobody() {
        let table = RoutingTable(rules: [RoutingRule(categoryPrefix: "E", regionPrefix: "", departmentCode: "EVENTS")],
                                 organisations: Self.sanitationBodies)
        #expect(table.route(Self.tree, grid: Self.grid) == nil)
        #expect(RoutingTable(rules: [], organisations: []).route(Self.garbage, grid: Self.grid) == nil)
    }

    @Test("a rule matches by prefixes of the category and the grid")
    func ruleMatching() {
        let rule = RoutingRule(categoryPrefix: "E01", regionPrefix: "910101001", departmentCode: "X")
        #expect(rule.matches(category: category("E0102"), grid: Self.grid))
        #expect(!rule.matches(category: category("E0201"), grid: Self.grid))
        #expect(!rule.matches(category: category("C0101"), grid: Self.grid))
        #expect(!rule.matches(category: category("E0102"), grid: region("910101002001001")))
        #expect(RoutingRule(categoryPrefix: "", regionPrefix: "", departmentCode: "X").matches(category: category("C0101"), grid: Self.grid))
    }

    @Test("rules code with snake_case keys")
    func ruleCoding() throws {
        let rule = RoutingRule(categoryPrefix: "E01", regionPrefix: "910101", departmentCode: "D-SANITATION")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(rule), as: UTF8.self)
        #expect(text == #"{"category_prefix":"E01","department_code":"D-SANITATION","region_prefix":"910101"}"#)
        #expect(try JSONDecoder().decode(RoutingRule.self, from: Data(text.utf8)) == rule)
    }
}
