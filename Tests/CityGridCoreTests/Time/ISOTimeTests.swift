import CityGridCore
import Foundation
import Testing

/// Strict ISO 8601 where times come in: full date-times with an explicit offset.
@Suite struct ISOTimeTests {
    @Test("full date-times with Z or an offset, with or without fractional seconds", arguments: [
        ("2026-11-01T00:00:00Z", 1_793_491_200.0), ("2026-11-01T08:00:00+08:00", 1_793_491_200.0),
        ("2026-10-31T19:30:00-04:30", 1_793_491_200.0), ("2026-11-01T00:00:00.5Z", 1_793_491_200.5),
        ("2026-11-01T00:00:00.123456789Z", 1_793_491_200.123456789), ("2024-02-29T23:59:59Z", 1_709_251_199.0),
        ("1970-01-01T00:00:00+14:00", -50_400.0), ("2026-11-01T00:00:00-00:00", 1_793_491_200.0),
    ])
    func accepted(text: String, seconds: Double) throws {
        let date = try #require(ISOTime.parse(text), "\(text)")
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6, "\(text)")
    }

    @Test("anything else is refused", arguments: [
        "", "2026-11-01", "2026-11-01T00:00:00", "2026-11-01T00:00Z", "2026-11-01 00:00:00Z", "2026-11-01t00:00:00Z",
        "2026-11-01T00:00:00z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T24:61:00Z", "2026-11-01T23:60:00Z", "2026-11-01T23:59:60Z",
        "2026-11-01T00:00:00.Z", "2026-11-01T00:00:00.1234567890Z", "2026-11-01T00:00:00+0800", "2026-11-01T00:00:00+08",
        "2026-11-01T00:00:00+15:00", "2026-11-01T00:00:00+08:60", "2026-11-01T00:00:00Z ", " 2026-11-01T00:00:00Z",
        "2026-11-01T00:00:00ZZ", "+2026-11-01T00:00:00Z", "2026-1-01T00:00:00Z", "2026-11-01T0:00:00Z", "２０２６-11-01T00:00:00Z",
        "2026-11-01T00:00:-1Z", "2026-11-01T-1:00:00Z",
    ])
    func refused(text: String) {
        #expect(ISOTime.parse(text) == nil, "\(text)")
    }

    @Test("what is formatted is parsed back")
    func roundTrip() {
        for seconds in stride(from: -86_400.0 * 400, through: 86_400.0 * 30_000, by: 86_400.0 * 37 + 3_601) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISOTime.parse(ISOTime.format(date)) == date)
        }
    }
}
