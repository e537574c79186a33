import CityGridCore
import Foundation
import Testing

@Suite("CategoryCode")
struct CategoryCodeTests {
    @Test("parses C0101 and E0102")
    func parses() throws {
        let component = try #require(CategoryCode("C0101"))
        #expect(component.kind == .component)
        #expect(component.major == "01")
        #expect(component.minor == "01")
        #expect(component.rawValue == "C0101")
        #expect(component.description == "C0101")
        let event = try #require(CategoryCode("E0102"))
        #expect(event.kind == .event)
        #expect(event.major == "01")
        #expect(event.minor == "02")
        #expect(event.rawValue == "E0102")
        #expect(CategoryCode("E1299")?.major == "12")
        #expect(CategoryCode("E1299")?.minor == "99")
    }

    @Test("formats from its parts")
    func formats() {
        #expect(CategoryCode(kind: .component, major: "03", minor: "17")?.rawValue == "C0317")
        #expect(CategoryCode(kind: .event, major: "10", minor: "01")?.rawValue == "E1001")
        #expect(CategoryCode(kind: .event, major: "10", minor: "01") == CategoryCode("E1001"))
    }

    @Test("refuses malformed texts", arguments: [
        "", "C", "C010", "C01010", "c0101", "e0102", "X0101", "0101C", "C0001", "C0100", "C0000",
        "C01a1", "C-101", "C 101", "C０１01", "CC101", "C01.1",
    ])
    func refuses(text: String) {
        #expect(CategoryCode(text) == nil)
    }

    @Test("refuses parts that are not two digits or are 00", arguments: [
        ("1", "01"), ("001", "01"), ("01", "1"), ("01", "001"), ("00", "01"), ("01", "00"), ("0a", "01"), ("01", " 1"), ("", ""),
    ])
    func refusesParts(major: String, minor: String) {
        #expect(CategoryCode(kind: .component, major: major, minor: minor) == nil)
        #expect(CategoryCode(kind: .event, major: major, minor: minor) == nil)
    }

    @Test("orders by text: components before events")
    func ordering() {
        let codes = ["E0102", "C0201", "E0101", "C0101"].map(category)
        #expect(codes.sorted().map(\.rawValue) == ["C0101", "C0201", "E0101", "E0102"])
    }

    @Test("codes as a JSON string; decoding refuses a bad one")
    func coding() throws {
        let data = try JSONEncoder().encode([category("E0102")])
        #expect(String(decoding: data, as: UTF8.self) == #"["E0102"]"#)
        #expect(try JSONDecoder().decode([CategoryCode].self, from: data) == [category("E0102")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CategoryCode].self, from: Data(#"["E0100"]"#.utf8)) }
    }

    @Test("case kinds and their letters")
    func kinds() {
        #expect(CaseKind.component.letter == "C")
        #expect(CaseKind.event.letter == "E")
        #expect(CaseKind(letter: "C") == .component)
        #expect(CaseKind(letter: "E") == .event)
        #expect(CaseKind(letter: "c") == nil)
        #expect(CaseKind(letter: "X") == nil)
    }
}
