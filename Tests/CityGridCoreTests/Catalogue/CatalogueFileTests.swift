import CityGridCore
import Foundation
import Testing

@Suite("CatalogueFile")
struct CatalogueFileTests {
    static func minor(kind: String = "component", major: String = "01", code: String = "01", timeLimit: Any = 6,
                      timeUnit: String = "working_hours", responsible: String = "water", share: Double = 1.2) -> [String: Any] {
        [
            "kind": kind, "major": major, "code": code, "name_zh": "上水井盖", "name_en": "Water manhole cover",
            "filing_condition_zh": "井盖破损", "filing_condition_en": "Cover damaged",
            "closing_condition_zh": "井盖完好", "closing_condition_en": "Cover intact",
            "time_limit": timeLimit, "time_unit": timeUnit, "responsible": responsible, "typical_share": share,
        ]
    }

    static var majors: [[String: Any]] {
        [
            ["kind": "component", "code": "01", "name_zh": "公用设施", "name_en": "Public utilities"],
            ["kind": "event", "code": "01", "name_zh": "市容环境", "name_en": "City appearance"],
        ]
    }

    static func file(version: Int = 1, majors: [[String: Any]] = majors, minors: [[String: Any]]) -> Data {
        let object: [String: Any] = ["version": version, "majors": majors, "minors": minors]
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    static var validMinors: [[String: Any]] {
        [
            minor(),
            minor(kind: "event", code: "02", timeLimit: 1, timeUnit: "working_days", responsible: "sanitation", share: 3),
        ]
    }

    @Test("decodes a small valid file")
    func decodesValidFile() throws {
        let catalogue = try CatalogueFile.decode(json: Self.file(minors: Self.validMinors))
        #expect(catalogue.majors.map { "\($0.kind.letter)\($0.code)" } == ["C01", "E01"])
        #expect(catalogue.majors[1].name == LocalizedText(zh: "市容环境", en: "City appearance"))
        #expect(catalogue.entries.map(\.code.rawValue) == ["C0101", "E0102"])
        let cover = try #require(catalogue[category("C0101")])
        #expect(cover.name == LocalizedText(zh: "上水井盖", en: "Water manhole cover"))
        #expect(cover.filingCondition == LocalizedText(zh: "井盖破损", en: "Cover damaged"))
        #expect(cover.closingCondition == LocalizedText(zh: "井盖完好", en: "Cover intact"))
        #expect(cover.timeLimit == TimeLimit(amount: 6, unit: .workingHours))
        #expect(cover.responsible == "water")
        #expect(cover.typicalShare == 1.2)
        let garbage = try #require(catalogue[category("E0102")])
        #expect(garbage.timeLimit == TimeLimit(amount: 1, unit: .workingDays))
        #expect(garbage.responsible == "sanitation")
        #expect(garbage.typicalShare == 3)
    }

    @Test("decodes the documented example with a literal JSON text")
    func decodesLiteral() throws {
        let json = """
        { "version": 1,
          "majors": [{"kind": "event", "code": "01", "name_zh": "市容环境", "name_en": "City appearance"}],
          "minors": [{"kind": "event", "major": "01", "code": "02", "name_zh": "暴露垃圾", "name_en": "Exposed garbage",
                      "filing_condition_zh": "a", "filing_condition_en": "b", "closing_condition_zh": "c", "closing_condition_en": "d",
                      "time_limit": 2.5, "time_unit": "calendar_hours", "responsible": "sanitation", "typical_share": 0}] }
        """
        let catalogue = try CatalogueFile.decode(json: Data(json.utf8))
        #expect(catalogue[category("E0102")]?.timeLimit == TimeLimit(amount: 2.5, unit: .calendarHours))
        #expect(catalogue[category("E0102")]?.typicalShare == 0)
    }

    @Test("encodes and decodes back to the same catalogue")
    func roundTrip() throws {
        let original = try CatalogueFile.decode(json: Self.file(minors: Self.validMinors))
        let written = CatalogueFile(original).encoded()
        #expect(try CatalogueFile.decode(json: written) == original)
        #expect(CatalogueFile(Fixture.catalogue).version == 1)
        #expect(try CatalogueFile.decode(json: CatalogueFile(Fixture.catalogue).encoded()) == Fixture.catalogue)
    }

    @Test("the encoding is pretty-printed and keeps slashes")
    func encodingFormat() throws {
        let text = String(decoding: CatalogueFile(Fixture.catalogue).encoded(), as: UTF8.self)
        #expect(text.hasPrefix("{\n"))
        #expect(text.contains("\"time_unit\" : \"working_days\""))
        var withSlash = Self.minor()
        withSlash["name_en"] = "Cover / grate"
        let catalogue = try CatalogueFile.decode(json: Self.file(minors: [withSlash]))
        #expect(String(decoding: CatalogueFile(catalogue).encoded(), as: UTF8.self).contains("\"Cover / grate\""))
    }

    @Test("the same catalogue writes the same bytes every time (stable key order)")
    func stableEncoding() {
        let file = CatalogueFile(Fixture.catalogue)
        let first = file.encoded()
        for _ in 0..<20 { #expect(file.encoded() == first) }
        let text = String(decoding: first, as: UTF8.self)
        // Keys in sorted order: "majors" before "minors" before "version".
        let majors = text.range(of: "\"majors\"")?.lowerBound
        let version = text.range(of: "\"version\"")?.lowerBound
        #expect(majors != nil && version != nil && majors! < version!)
    }

    @Test("a duplicate minor class names the entry")
    func duplicateMinor() {
        expectRefusal(.invalid, code: "invalid_field", field: "minors[2]") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: Self.validMinors + [Self.minor()]))
        }
    }

    @Test("a minor class without its major class names the entry")
    func missingMajor() {
        expectRefusal(.invalid, code: "invalid_field", field: "minors[1]") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: [Self.minor(), Self.minor(major: "02")]))
        }
        expectRefusal(.invalid, code: "invalid_field", field: "minors[0]") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(majors: [Self.majors[1]], minors: [Self.minor()]))
        }
    }

    @Test("a non-positive time limit names the field", arguments: [0.0, -2.0])
    func nonPositiveTimeLimit(amount: Double) {
        expectRefusal(.invalid, code: "invalid_field", field: "minors[1].time_limit") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: [Self.minor(), Self.minor(code: "02", timeLimit: amount)]))
        }
    }

    @Test("an unknown time unit is a decoding error at its path")
    func badTimeUnit() {
        expectRefusal(.invalid, code: "invalid_catalogue", field: "minors[1].time_unit") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: [Self.minor(), Self.minor(code: "02", timeUnit: "hours")]))
        }
    }

    @Test("an unsupported version is refused")
    func unsupportedVersion() {
        expectRefusal(.invalid, code: "invalid_field", field: "version") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(version: 2, minors: Self.validMinors))
        }
    }

    @Test("malformed JSON is an invalid catalogue, without a field")
    func malformedJSON() {
        expectRefusal(.invalid, code: "invalid_catalogue", field: nil) { () throws(DomainError) in
            try CatalogueFile.decode(json: Data(#"{"version": 1, "majors": [}"#.utf8))
        }
        expectRefusal(.invalid, code: "invalid_catalogue", field: nil) { () throws(DomainError) in
            try CatalogueFile.decode(json: Data())
        }
    }

    @Test("decoding failures name the JSON path of the field")
    func decodingPaths() {
        var noLimit = Self.minor()
        noLimit.removeValue(forKey: "time_limit")
        expectRefusal(.invalid, code: "invalid_catalogue", field: "minors[0].time_limit") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: [noLimit]))
        }
        expectRefusal(.invalid, code: "invalid_catalogue", field: "minors[1].time_limit") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: [Self.minor(), Self.minor(code: "02", timeLimit: "six")]))
        }
        expectRefusal(.invalid, code: "invalid_catalogue", field: "majors[0].kind") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(majors: [["kind": "widget", "code": "01", "name_zh": "x", "name_en": "x"]], minors: []))
        }
        expectRefusal(.invalid, code: "invalid_catalogue", field: "version") { () throws(DomainError) in
            try CatalogueFile.decode(json: Data(#"{"majors": [], "minors": []}"#.utf8))
        }
    }

    @Test("the entries' own checks name the field")
    func entryChecks() {
        expectRefusal(.invalid, code: "invalid_field", field: "minors[0].code") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: [Self.minor(code: "1")]))
        }
        expectRefusal(.invalid, code: "invalid_field", field: "minors[0].code") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: [Self.minor(code: "00")]))
        }
        var unnamed = Self.minor()
        unnamed["name_en"] = ""
        expectRefusal(.invalid, code: "invalid_field", field: "minors[0].name") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: [unnamed]))
        }
        expectRefusal(.invalid, code: "invalid_field", field: "minors[0].typical_share") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: [Self.minor(share: -0.5)]))
        }
        expectRefusal(.invalid, code: "invalid_field", field: "minors[0].responsible") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(minors: [Self.minor(responsible: "")]))
        }
        expectRefusal(.invalid, code: "invalid_field", field: "majors") { () throws(DomainError) in
            try CatalogueFile.decode(json: Self.file(majors: Self.majors + [Self.majors[0]], minors: []))
        }
    }
}
