import CityGridCore
import Testing

@Suite("Catalogue")
struct CatalogueTests {
    let majors = [
        MajorClass(kind: .component, code: "01", name: LocalizedText(zh: "公用设施", en: "Public utilities")),
        MajorClass(kind: .event, code: "01", name: LocalizedText(zh: "市容环境", en: "City appearance")),
    ]

    func entry(_ code: String, amount: Double = 6, unit: TimeLimit.Unit = .workingHours, responsible: String = "water") -> CatalogueEntry {
        Fixture.entry(code, "Entry \(code)", limit: TimeLimit(amount: amount, unit: unit), responsible: responsible)
    }

    @Test("looks entries up by code and finds their major class")
    func lookup() throws {
        let catalogue = Fixture.catalogue
        #expect(catalogue.entries.map(\.code.rawValue) == ["C0101", "E0102"])
        #expect(catalogue[category("C0101")]?.responsible == "water")
        #expect(catalogue[category("E0102")]?.timeLimit == TimeLimit(amount: 1, unit: .workingDays))
        #expect(catalogue[category("E0101")] == nil)
        #expect(catalogue[category("C0102")] == nil)
        #expect(catalogue.major(of: category("E0102"))?.name.en == "City appearance")
        #expect(catalogue.major(of: category("C0199"))?.name.en == "Public utilities")
        #expect(catalogue.major(of: category("E0201")) == nil)
        #expect(!catalogue.isEmpty)
        #expect(try Catalogue(majors: [], entries: []).isEmpty)
    }

    @Test("a minor class needs its major class of the same kind")
    func missingMajor() {
        expectRefusal(.invalid, code: "invalid_field", field: "minors[1]") { () throws(DomainError) in
            try Catalogue(majors: majors, entries: [entry("C0101"), entry("C0201")])
        }
        expectRefusal(.invalid, code: "invalid_field", field: "minors[0]") { () throws(DomainError) in
            try Catalogue(majors: [majors[0]], entries: [entry("E0101")])
        }
    }

    @Test("duplicate minor classes are refused at the second one")
    func duplicateMinor() {
        expectRefusal(.invalid, code: "invalid_field", field: "minors[2]") { () throws(DomainError) in
            try Catalogue(majors: majors, entries: [entry("C0101"), entry("E0101"), entry("C0101")])
        }
    }

    @Test("duplicate or malformed major classes are refused")
    func badMajors() {
        expectRefusal(.invalid, code: "invalid_field", field: "majors") { () throws(DomainError) in
            try Catalogue(majors: majors + [majors[1]], entries: [])
        }
        expectRefusal(.invalid, code: "invalid_field", field: "majors") { () throws(DomainError) in
            try Catalogue(majors: [MajorClass(kind: .event, code: "1", name: LocalizedText(zh: "x", en: "x"))], entries: [])
        }
        expectRefusal(.invalid, code: "invalid_field", field: "majors") { () throws(DomainError) in
            try Catalogue(majors: [MajorClass(kind: .event, code: "00", name: LocalizedText(zh: "x", en: "x"))], entries: [])
        }
    }

    @Test("the same major code in both kinds is two classes")
    func sameMajorCodeInBothKinds() throws {
        let catalogue = try Catalogue(majors: majors, entries: [entry("C0101"), entry("E0101")])
        #expect(catalogue.entries.count == 2)
    }

    @Test("time limits must be positive and finite", arguments: [0, -1, Double.infinity, Double.nan])
    func nonPositiveTimeLimit(amount: Double) {
        expectRefusal(.invalid, code: "invalid_field", field: "minors[1].time_limit") { () throws(DomainError) in
            try Catalogue(majors: majors, entries: [entry("C0101"), entry("E0101", amount: amount)])
        }
    }

    @Test("an entry must name its responsible kind")
    func responsible() {
        expectRefusal(.invalid, code: "invalid_field", field: "minors[0].responsible") { () throws(DomainError) in
            try Catalogue(majors: majors, entries: [entry("C0101", responsible: "")])
        }
    }

    @Test("time-limit labels in both languages")
    func timeLimitLabels() {
        #expect(TimeLimit(amount: 6, unit: .workingHours).label == LocalizedText(zh: "6个工作时", en: "6 working hours"))
        #expect(TimeLimit(amount: 2, unit: .workingDays).label == LocalizedText(zh: "2个工作日", en: "2 working days"))
        #expect(TimeLimit(amount: 1.5, unit: .calendarHours).label == LocalizedText(zh: "1.5小时", en: "1.5 hours"))
        #expect(TimeLimit(amount: 2, unit: .workingDays).description == "2.0 working_days")
        #expect(TimeLimit.Unit.allCases.map(\.rawValue) == ["working_hours", "working_days", "calendar_hours"])
    }
}
