/// A value that JSON writes as one string: a region or category code, a date, a working period.
/// Conforming types get `Codable` from their text form; decoding a malformed string fails with a
/// message that says what was expected.
public protocol StringCoded: Codable {
    /// Parses the text form; `nil` when malformed.
    init?(codedString: String)
    /// The text form.
    var codedString: String { get }
    /// What a well-formed string looks like, for decoding errors (e.g. "a yyyy-MM-dd date").
    static var codedStringExpectation: String { get }
}

extension StringCoded {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(codedString: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "Not \(Self.codedStringExpectation): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(codedString)
    }
}
