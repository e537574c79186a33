import CityGridCore
import Foundation
import Testing

@Suite("WorkPeriod")
struct WorkPeriodTests {
    @Test("parses HH:mm-HH:mm into minutes after midnight", arguments: [
        ("09:00-12:00", 540, 720), ("13:30-17:30", 810, 1050), ("00:00-24:00", 0, 1440), ("23:59-24:00", 1439, 1440),
    ])
    func parses(text: String, start: Int, end: Int) throws {
        let period = try #require(WorkPeriod(text))
        #expect(period.startMinute == start)
        #expect(period.endMinute == end)
        #expect(period.description == text)
    }

    @Test("refuses malformed or empty periods", arguments: [
        "", "09:00", "9:00-12:00", "09:00-12:0", "12:00-09:00", "09:00-09:00", "24:00-24:01", "25:00-26:00",
        "09:60-10:00", "0900-1200", "09:00-12:00-13:00", "09.00-12.00", "ab:cd-ef:gh",
    ])
    func refuses(text: String) {
        #expect(WorkPeriod(text) == nil)
    }

    @Test("codes as its text")
    func coding() throws {
        let periods = [WorkPeriod(startMinute: 540, endMinute: 720), WorkPeriod(startMinute: 810, endMinute: 1050)]
        let data = try JSONEncoder().encode(periods)
        #expect(String(decoding: data, as: UTF8.self) == #"["09:00-12:00","13:30-17:30"]"#)
        #expect(try JSONDecoder().decode([WorkPeriod].self, from: data) == periods)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([WorkPeriod].self, from: Data(#"["12:00-09:00"]"#.utf8)) }
    }
}
