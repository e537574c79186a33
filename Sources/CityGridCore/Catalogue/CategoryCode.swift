/// A minor class of the catalogue: kind, 2-digit major class and 2-digit minor class, written as
/// `C0101` (component, public utilities, water manhole cover) or `E0102` (event, city appearance,
/// exposed garbage).
public struct CategoryCode: StringCoded, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let kind: CaseKind
    /// The major class (大类), two digits.
    public let major: String
    /// The minor class (小类), two digits.
    public let minor: String

    public init?(kind: CaseKind, major: String, minor: String) {
        guard Self.isTwoDigits(major), Self.isTwoDigits(minor), major != "00", minor != "00" else { return nil }
        self.kind = kind
        self.major = major
        self.minor = minor
    }

    /// Parses `C0101` / `E0102`.
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        guard string.count == 5, let first = string.first, let kind = CaseKind(letter: first) else { return nil }
        let digits = string.dropFirst()
        self.init(kind: kind, major: String(digits.prefix(2)), minor: String(digits.suffix(2)))
    }

    public var rawValue: String { "\(kind.letter)\(major)\(minor)" }
    public var description: String { rawValue }

    public static func < (lhs: CategoryCode, rhs: CategoryCode) -> Bool { lhs.rawValue < rhs.rawValue }

    private static func isTwoDigits(_ s: String) -> Bool {
        s.utf8.count == 2 && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    public init?(codedString: String) { self.init(codedString) }
    public var codedString: String { rawValue }
    public static let codedStringExpectation = "a category code such as E0102"
}
