import CityGridCore
import Testing

@Suite("CaseNumber")
struct CaseNumberTests {
    @Test("the prefix is the category and the compact local date")
    func prefix() {
        #expect(CaseNumber.prefix(category: category("E0102"), localDay: day("2026-11-29")) == "E010220261129")
        #expect(CaseNumber.prefix(category: category("C0101"), localDay: day("2024-02-29")) == "C010120240229")
        #expect(CaseNumber.prefix(category: category("E1203"), localDay: day("2026-01-05")) == "E120320260105")
    }

    @Test("the serial is four digits wide", arguments: [
        (1, "E0102202611290001"), (7, "E0102202611290007"), (42, "E0102202611290042"),
        (999, "E0102202611290999"), (1000, "E0102202611291000"), (9999, "E0102202611299999"),
    ])
    func fourDigits(serial: Int, number: String) {
        #expect(CaseNumber.make(prefix: "E010220261129", serial: serial) == number)
    }

    @Test("wider only past 9,999", arguments: [(10_000, "E01022026112910000"), (123_456, "E010220261129123456")])
    func wider(serial: Int, number: String) {
        #expect(CaseNumber.make(prefix: "E010220261129", serial: serial) == number)
    }

    @Test("a whole number has 17 characters up to serial 9,999")
    func length() {
        let prefix = CaseNumber.prefix(category: category("C0101"), localDay: day("2026-11-29"))
        #expect(CaseNumber.make(prefix: prefix, serial: 1).count == 17)
        #expect(CaseNumber.make(prefix: prefix, serial: 9999).count == 17)
        #expect(CaseNumber.make(prefix: prefix, serial: 10_000).count == 18)
    }
}
