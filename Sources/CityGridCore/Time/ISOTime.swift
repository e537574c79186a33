import Foundation

/// ISO 8601 UTC timestamps with whole seconds (`2026-10-03T08:15:00Z`), formatted and parsed without
/// `DateFormatter`, which is far too slow for million-row exports.
public enum ISOTime {
    /// What ``parse(_:)`` accepts, for error messages.
    public static let expectation = "an ISO 8601 date-time with an offset, such as 2026-11-01T08:00:00Z or 2026-11-01T16:00:00.5+08:00"

    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = Int(seconds - day * 86_400)
        let (y, m, d) = LocalDate(dayNumber: Int(day)).components
        return "\(y)-\(pad(m))-\(pad(d))T\(pad(second / 3600)):\(pad(second / 60 % 60)):\(pad(second % 60))Z"
    }

    /// Parses a full date-time, strictly: `yyyy-MM-ddTHH:mm:ss[.f…](Z|±HH:mm)`, the `T` and the
    /// offset required, at least one digit after a decimal point (at most 9), every field in range (a
    /// real calendar day, hours 00-23, minutes and seconds 00-59, offsets up to ±14:00). `nil` for
    /// anything else: a date alone, a missing offset, `2026-13-01`, `24:61`, `2026-02-30`.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 48 && bytes[i] <= 57 }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, range.allSatisfy(isDigit) else { return nil }
            return range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) }
        }
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
              let year = number(0..<4), let month = number(5..<7), let dayOfMonth = number(8..<10),
              let date = LocalDate(year: year, month: month, day: dayOfMonth),
              let h = number(11..<13), let mi = number(14..<16), let s = number(17..<19), h < 24, mi < 60, s < 60 else { return nil }
        var i = 19
        var fraction = 0.0
        if bytes[i] == 46 {
            var scale = 0.1
            i += 1
            let start = i
            while isDigit(i) { fraction += Double(bytes[i] - 48) * scale; scale /= 10; i += 1 }
            guard i > start, i - start <= 9 else { return nil }
        }
        guard i < bytes.count else { return nil }
        var offset = 0
        if bytes[i] == 90, i == bytes.count - 1 {
            offset = 0
        } else if bytes[i] == 43 || bytes[i] == 45, bytes.count - i == 6, bytes[i + 3] == 58,
                  let oh = number(i + 1..<i + 3), let om = number(i + 4..<i + 6) {
            guard oh * 60 + om <= 14 * 60, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (bytes[i] == 43 ? 1 : -1)
        } else {
            return nil
        }
        let seconds = Double(date.dayNumber) * 86_400 + Double(h * 3600 + mi * 60 + s) - Double(offset)
        return Date(timeIntervalSince1970: seconds + fraction)
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
