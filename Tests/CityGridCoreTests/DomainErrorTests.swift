import CityGridCore
import Foundation
import Testing

@Suite("DomainError, LocalizedText, Decimal7 and JSONErrorPath")
struct DomainErrorTests {
    @Test("descriptions name the code and the field")
    func descriptions() {
        let withField = DomainError.invalidField("location.lon", zh: "经度无效", en: "Bad longitude")
        #expect(withField.kind == .invalid)
        #expect(withField.code == "invalid_field")
        #expect(withField.description == "invalid_field (location.lon): Bad longitude")
        let notFound = DomainError.notFound("case", "E0102202611290007")
        #expect(notFound.kind == .notFound)
        #expect(notFound.field == nil)
        #expect(notFound.description == "not_found: No case E0102202611290007")
        #expect(notFound.message.zh == "未找到案件：E0102202611290007")
    }

    @Test("texts in either language; the preference picks Chinese only for zh*", arguments: [
        ("zh-CN,zh;q=0.9,en;q=0.8", Language.zh), ("ZH", .zh), ("en-US,zh;q=0.5", .en), ("", .en), ("fr", .en), (" zh-TW", .zh),
    ])
    func languages(preference: String, language: Language) {
        #expect(Language(preference: preference) == language)
        let text = LocalizedText(zh: "中文", en: "English")
        #expect(text.text(language) == (language == .zh ? "中文" : "English"))
    }

    @Test("no preference is English")
    func noPreference() {
        #expect(Language(preference: nil) == .en)
    }

    @Test("Decimal7 formats with exactly seven decimals", arguments: [
        (120.0005, "120.0005000"), (-0.5, "-0.5000000"), (0, "0.0000000"), (39.123456789, "39.1234568"), (-116.00000004, "-116.0000000"),
        (1e-7, "0.0000001"),
    ])
    func decimal7(value: Double, text: String) {
        #expect(Decimal7.format(value) == text)
    }

    @Test("JSON error paths and reasons")
    func jsonErrorPath() throws {
        struct Inner: Decodable { var value: Int }
        struct Outer: Decodable { var items: [Inner] }
        do {
            _ = try JSONDecoder().decode(Outer.self, from: Data(#"{"items": [{"value": 1}, {"value": "x"}]}"#.utf8))
            Issue.record("decoded a string as an Int")
        } catch {
            #expect(JSONErrorPath.path(of: error) == "items[1].value")
            #expect(JSONErrorPath.explain(error) == "expected Int")
        }
        do {
            _ = try JSONDecoder().decode(Outer.self, from: Data(#"{"items": [{}]}"#.utf8))
            Issue.record("decoded a missing field")
        } catch {
            #expect(JSONErrorPath.path(of: error) == "items[0].value")
            #expect(JSONErrorPath.explain(error) == "missing field value")
        }
        #expect(JSONErrorPath.path(of: DomainError.notFound("x", "y")) == nil)
        #expect(JSONErrorPath.explain(DomainError.notFound("x", "y")) == "not_found: No x y")
    }
}
