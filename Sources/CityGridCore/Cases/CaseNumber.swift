/// A case number as used in practice: `C|E` + major (2) + minor (2) + `yyyyMMdd` + serial,
/// e.g. `E0102202611290007`. The serial counts per category and local day from 1, four digits wide
/// (wider only past 9,999 cases of one class in one day).
public enum CaseNumber {
    /// The part before the serial: category and local date.
    public static func prefix(category: CategoryCode, localDay: LocalDate) -> String {
        category.rawValue + localDay.compact
    }

    /// The whole number.
    public static func make(prefix: String, serial: Int) -> String {
        let digits = String(serial)
        return prefix + (digits.count < 4 ? String(repeating: "0", count: 4 - digits.count) + digits : digits)
    }
}
