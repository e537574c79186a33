import CityGridCore
import Foundation

/// ISO 8601 UTC timestamps with whole seconds (`2026-10-03T08:15:00Z`), formatted and parsed without
/// `DateFormatter`, which is far too slow for million-row exports.
public enum ISOTime {
    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = Int(seconds - day * 86_400)
        let (y, m, d) = LocalDate(dayNumber: Int(day)).components
        return "\(y)-\(pad(m))-\(pad(d))T\(pad(second / 3600)):\(pad(second / 60 % 60)):\(pad(second % 60))Z"
    }

    /// Parses `yyyy-MM-ddTHH:mm:ss[.fff](Z|±HH:mm)`; `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard bytes.count >= 20, digits(11..<13), digits(14..<16), digits(17..<19), bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 32, bytes[13] == 58, bytes[16] == 58,
              let date = LocalDate(String(decoding: bytes[0..<10], as: UTF8.self)),
              let h = Int(String(decoding: bytes[11..<13], as: UTF8.self)), let mi = Int(String(decoding: bytes[14..<16], as: UTF8.self)),
              let s = Int(String(decoding: bytes[17..<19], as: UTF8.self)), h < 24, mi < 60, s < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if bytes[i] == 46 {
            var scale = 0.1
            i += 1
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { fraction += Double(bytes[i] - 48) * scale; scale /= 10; i += 1 }
        }
        guard i < bytes.count else { return nil }
        var offset = 0
        if bytes[i] == 90, i == bytes.count - 1 {
            offset = 0
        } else if bytes[i] == 43 || bytes[i] == 45, bytes.count - i == 6, bytes[i + 3] == 58, digits(i + 1..<i + 3), digits(i + 4..<i + 6),
                  let oh = Int(String(decoding: bytes[i + 1..<i + 3], as: UTF8.self)),
                  let om = Int(String(decoding: bytes[i + 4..<i + 6], as: UTF8.self)) {
            guard oh <= 14, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (bytes[i] == 43 ? 1 : -1)
        } else {
            return nil
        }
        let seconds = Double(date.dayNumber) * 86_400 + Double(h * 3600 + mi * 60 + s) - Double(offset)
        return Date(timeIntervalSince1970: seconds + fraction)
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
