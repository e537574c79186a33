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

    @Test("the serial is six digits wide", arguments: [
        (1, "E010220261129000001"), (7, "E010220261129000007"), (42, "E010220261129000042"),
        (9999, "E010220261129009999"), (10_000, "E010220261129010000"), (54_321, "E010220261129054321"), (999_999, "E010220261129999999"),
    ])
    func sixDigits(serial: Int, number: String) {
        #expect(CaseNumber.make(prefix: "E010220261129", serial: serial) == number)
    }

    @Test("wider only past 999,999")
    func wider() {
        #expect(CaseNumber.make(prefix: "E010220261129", serial: 1_000_000) == "E0102202611291000000")
    }

    @Test("a whole number has 19 characters up to serial 999,999: a busy day's numbers keep one length")
    func length() {
        let prefix = CaseNumber.prefix(category: category("C0101"), localDay: day("2026-11-29"))
        #expect(CaseNumber.make(prefix: prefix, serial: 1).count == 19)
        #expect(CaseNumber.make(prefix: prefix, serial: 40_000).count == 19)
        #expect(CaseNumber.make(prefix: prefix, serial: 999_999).count == 19)
    }

    @Test("old four-digit numbers and new ones are read back", arguments: [
        ("E0102202611290007", "E0102", "2026-11-29", 7), ("C0101202402299999", "C0101", "2024-02-29", 9999),
        ("E010220261129000007", "E0102", "2026-11-29", 7), ("E010220261129054321", "E0102", "2026-11-29", 54_321),
        ("E0102202611291000000", "E0102", "2026-11-29", 1_000_000),
    ])
    func parse(number: String, category code: String, day date: String, serial: Int) {
        #expect(CaseNumber.parse(number) == CaseNumber.Parts(category: category(code), localDay: day(date), serial: serial))
    }

    @Test("what is not a case number is refused", arguments: [
        "", "E0102", "E01022026112900007", "E010220261129", "X0102202611290007", "E0102202602300007", "E01022026112900a7", "E0102202611290000",
    ])
    func notANumber(text: String) {
        #expect(CaseNumber.parse(text) == nil)
    }

    @Test("an old number and a new one of the same day and serial differ; the serial goes on across the change")
    func uniqueAcrossWidths() {
        let old = "E0102202611290007"
        let prefix = CaseNumber.prefix(category: category("E0102"), localDay: day("2026-11-29"))
        let new = (1...20_000).map { CaseNumber.make(prefix: prefix, serial: $0) }
        #expect(!new.contains(old) && Set(new).count == new.count)
        #expect(CaseNumber.parse(old)?.serial == CaseNumber.parse(new[6])?.serial)
    }
}
