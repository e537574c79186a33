import CityGridCore

/// A class of the catalogue to narrow an analysis to: a major class (大类) or one minor class (小类),
/// of either kind or of one.
///
/// Written as the code's digits, `01` (major class 01, components and events alike) or `0102` (major
/// 01, minor 02), optionally led by the kind letter: `E01`, `C0101`. The two halves of the catalogue
/// number their major classes independently, so `01` holds both `C01..` and `E01..`; lead with the
/// letter (or set ``FactFilter/kind``) to keep one.
public struct CategoryPrefix: Hashable, Sendable, CustomStringConvertible {
    /// The kind the letter names; `nil` for both.
    public let kind: CaseKind?
    /// The major class, two digits.
    public let major: String
    /// The minor class, two digits; `nil` for every minor class of the major one.
    public let minor: String?

    /// Parses `01`, `0102`, `E01` or `C0101`; `nil` for anything else (`00` is never a class).
    public init?(_ text: some StringProtocol) {
        var digits = Substring(text)
        var kind: CaseKind?
        if let first = digits.first, let k = CaseKind(letter: first) {
            kind = k
            digits = digits.dropFirst()
        }
        guard digits.utf8.count == 2 || digits.utf8.count == 4,
              digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let major = String(digits.prefix(2)), minor = digits.count == 4 ? String(digits.suffix(2)) : nil
        guard major != "00", minor != "00" else { return nil }
        self.kind = kind
        self.major = major
        self.minor = minor
    }

    /// True when `code` is in the class.
    public func matches(_ code: CategoryCode) -> Bool {
        (kind == nil || code.kind == kind) && code.major == major && (minor == nil || code.minor == minor)
    }

    /// The text it parses from: `E01`, `0102`, …
    public var description: String { (kind.map { String($0.letter) } ?? "") + major + (minor ?? "") }
}
