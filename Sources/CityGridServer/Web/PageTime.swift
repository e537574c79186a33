import Foundation

/// Times as the pages show them (页面时间): to the minute, in China Standard Time (UTC+8, the time
/// the city's working calendar counts in), e.g. `2026-12-03 09:30`.
enum PageTime {
    /// The Gregorian calendar in China Standard Time.
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    static func minute(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
