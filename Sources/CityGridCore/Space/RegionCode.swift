/// A standard region code (CJ/T 213): all digits, whose length gives the level.
///
/// A unit grid's 15-digit code reads `AAAAAA SSS CCC NNN`: the 6-digit county-level administrative
/// code (GB/T 2260), the subdistrict, the community and the grid's serial within its community
/// (numbered west to east, north to south). Every prefix of a valid code at a level boundary is the
/// code of the region above, so "is inside" is "has the prefix".
public struct RegionCode: StringCoded, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The digits.
    public let rawValue: String
    /// The level the code's length denotes.
    public let level: RegionLevel

    /// Parses a code; `nil` unless it is 6, 9, 12 or 15 ASCII digits and no part is all zeros
    /// (`000` is never a valid subdistrict, community or serial).
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        guard let level = RegionLevel(codeLength: string.utf8.count),
              string.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let bytes = Array(string.utf8)
        if bytes[0..<6].allSatisfy({ $0 == 48 }) { return nil }
        var start = 6
        while start < bytes.count {
            if bytes[start..<start + 3].allSatisfy({ $0 == 48 }) { return nil }
            start += 3
        }
        self.rawValue = string
        self.level = level
    }

    /// Builds a child code by appending a 1-999 serial to this one.
    public func child(_ serial: Int) -> RegionCode? {
        guard level < .grid, (1...999).contains(serial) else { return nil }
        let digits = String(serial)
        return RegionCode(rawValue + String(repeating: "0", count: 3 - digits.count) + digits)
    }

    /// The code of the enclosing region at `level`, or `nil` when `level` is not above this one.
    public func ancestor(at level: RegionLevel) -> RegionCode? {
        guard level < self.level, level != .city else { return nil }
        return RegionCode(rawValue.prefix(level.codeLength))
    }

    /// The codes from the district down to this one.
    public var chain: [RegionCode] {
        RegionLevel.allCases.filter { $0 != .city && $0 < level }.compactMap { ancestor(at: $0) } + [self]
    }

    /// True when `other` is this region or lies inside it.
    public func contains(_ other: RegionCode) -> Bool {
        other.rawValue.hasPrefix(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public init?(codedString: String) { self.init(codedString) }
    public var codedString: String { rawValue }
    public static let codedStringExpectation = "a region code of 6, 9, 12 or 15 digits"
}
