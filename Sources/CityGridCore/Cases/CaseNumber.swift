/// A case number: `C|E` + major (2) + minor (2) + local `yyyyMMdd` + serial, e.g.
/// `E010220261129000007`.
///
/// The serial counts per category and local day from 1 and is ``serialDigits`` (6) digits wide, so a
/// megacity hotline's tens of thousands of reports of one class on one day keep numbers of one length
/// (wider only past 999,999). Numbers written before the serial grew from four digits
/// (`E0102202611290007`, 17 characters) stay readable by ``parse(_:)``, and stay unique: the serial
/// goes on counting for the same day, and a new number is two characters longer than any old one.
public enum CaseNumber {
    /// The width of the serial in new numbers.
    public static let serialDigits = 6
    /// The width of the serial in numbers written before it grew.
    public static let legacySerialDigits = 4
    /// The length of the part before the serial: category (5) and date (8).
    public static let prefixLength = 13

    /// The part before the serial: category and local date.
    public static func prefix(category: CategoryCode, localDay: LocalDate) -> String {
        category.rawValue + localDay.compact
    }

    /// The whole number.
    public static func make(prefix: String, serial: Int) -> String {
        let digits = String(serial)
        return prefix + String(repeating: "0", count: max(0, serialDigits - digits.count)) + digits
    }

    /// A number read back: its category, local day and serial.
    public struct Parts: Hashable, Sendable {
        public var category: CategoryCode
        public var localDay: LocalDate
        public var serial: Int

        public init(category: CategoryCode, localDay: LocalDate, serial: Int) {
            self.category = category
            self.localDay = localDay
            self.serial = serial
        }
    }

    /// Reads a number of either width (4-digit serials of old numbers, 6 or more of new ones); `nil`
    /// when it is not a case number.
    public static func parse(_ number: String) -> Parts? {
        let characters = Array(number)
        guard characters.count == prefixLength + legacySerialDigits || characters.count >= prefixLength + serialDigits,
              let category = CategoryCode(codedString: String(characters[0..<5])) else { return nil }
        let date = characters[5..<13], serial = characters[13...]
        guard date.allSatisfy(\.isASCIIDigit), serial.allSatisfy(\.isASCIIDigit), let value = Int(String(serial)), value > 0,
              let localDay = LocalDate(codedString: "\(String(date.prefix(4)))-\(String(date.dropFirst(4).prefix(2)))-\(String(date.suffix(2)))")
        else { return nil }
        return Parts(category: category, localDay: localDay, serial: value)
    }
}

extension Character {
    /// `0` to `9`, and nothing else (no other script's digits).
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
