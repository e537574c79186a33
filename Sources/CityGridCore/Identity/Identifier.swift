/// A typed identifier (标识): a raw value (a row number, a code) tagged with what it identifies, so
/// that a case id cannot be passed where a user id is expected (after Point-Free's swift-tagged).
///
/// It is coded as its raw value alone (a JSON number or string, an SQLite integer or text), so every
/// stored and JSON form is the same as with the bare raw value. Stores bind and read ``rawValue``.
public struct Identifier<Tag, RawValue: Hashable & Sendable>: RawRepresentable, Hashable, Sendable {
    public var rawValue: RawValue

    public init(rawValue: RawValue) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: RawValue) {
        self.rawValue = rawValue
    }
}

extension Identifier: Comparable where RawValue: Comparable {
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Identifier: CustomStringConvertible {
    public var description: String { "\(rawValue)" }
}

extension Identifier: Codable where RawValue: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(RawValue.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A dictionary keyed by a string-coded identifier codes as a JSON object, as one keyed by `String` does.
extension Identifier: CodingKeyRepresentable where RawValue == String {
    public var codingKey: any CodingKey { rawValue.codingKey }

    public init?<T: CodingKey>(codingKey: T) {
        self.init(rawValue: codingKey.stringValue)
    }
}

extension Identifier: ExpressibleByIntegerLiteral where RawValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: RawValue.IntegerLiteralType) {
        self.init(rawValue: RawValue(integerLiteral: value))
    }
}

extension Identifier: ExpressibleByUnicodeScalarLiteral where RawValue: ExpressibleByUnicodeScalarLiteral {
    public init(unicodeScalarLiteral value: RawValue.UnicodeScalarLiteralType) {
        self.init(rawValue: RawValue(unicodeScalarLiteral: value))
    }
}

extension Identifier: ExpressibleByExtendedGraphemeClusterLiteral where RawValue: ExpressibleByExtendedGraphemeClusterLiteral {
    public init(extendedGraphemeClusterLiteral value: RawValue.ExtendedGraphemeClusterLiteralType) {
        self.init(rawValue: RawValue(extendedGraphemeClusterLiteral: value))
    }
}

extension Identifier: ExpressibleByStringLiteral where RawValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: RawValue.StringLiteralType) {
        self.init(rawValue: RawValue(stringLiteral: value))
    }
}

/// The tag of ``CaseID``.
public enum CaseTag {}
/// The tag of ``UserID``.
public enum UserTag {}
/// The tag of ``OrganisationCode``.
public enum OrganisationTag {}

/// A case's id: the store's row number, assigned when the case is first written (from 1). Before
/// then (a ``CaseDraft``) it is ``Identifier/unassigned``.
public typealias CaseID = Identifier<CaseTag, Int64>
/// A user's id: the store's row number (from 1). "No user" (the system, an anonymous reporter) is
/// never a user id: it is `nil` or an explicit ``Principal``.
public typealias UserID = Identifier<UserTag, Int64>
/// An organisation's short stable code, e.g. `D-WATER`.
public typealias OrganisationCode = Identifier<OrganisationTag, String>

extension Identifier where Tag == CaseTag, RawValue == Int64 {
    /// The id of a case not numbered yet (未编号): a draft's case and its events carry it until the
    /// store writes the case and assigns its id. A stored case never has it (stored ids start at 1).
    public static var unassigned: CaseID { CaseID(0) }
}

/// Who a step, an event or a request is on behalf of: a signed-in user, CityGrid itself (the clock,
/// imports, the simulator's timers) or an anonymous member of the public.
public enum Principal: Hashable, Sendable {
    case user(UserID)
    case system
    case anonymous

    /// The user, when a user it is.
    public var userID: UserID? {
        if case .user(let id) = self { id } else { nil }
    }
}

/// A principal written as one number, the form case data stored before identifiers were typed: a
/// user's id, 0 for CityGrid itself, -1 for an anonymous caller.
extension Principal: Codable {
    public var storedID: Int64 {
        switch self {
        case .user(let id): id.rawValue
        case .system: 0
        case .anonymous: -1
        }
    }

    public init(storedID: Int64) {
        switch storedID {
        case 0: self = .system
        case ..<0: self = .anonymous
        default: self = .user(UserID(storedID))
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(storedID: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(storedID)
    }
}
