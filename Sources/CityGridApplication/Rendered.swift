import CityGridCore
import Foundation

/// An answer already written in its format (JSON, CSV, GeoJSON), with its media type: what heavy
/// queries return, so that encoding a large answer also happens off the request threads.
public struct Rendered: Sendable {
    public var bytes: [UInt8]
    public var contentType: String

    public init(bytes: [UInt8], contentType: String) {
        self.bytes = bytes
        self.contentType = contentType
    }

    public init(text: String, contentType: String) {
        self.init(bytes: Array(text.utf8), contentType: contentType)
    }

    public static let jsonType = "application/json; charset=utf-8"

    /// `value` as the API's JSON: sorted keys, unescaped slashes, times as ISO 8601 UTC.
    public static func json<T: Encodable>(_ value: T) throws -> Rendered {
        Rendered(bytes: Array(try JSONRendering.encoder.encode(value)), contentType: jsonType)
    }

    /// `value` (an analysis result, whose Swift names are camel case) with snake-case keys like the rest of the API.
    public static func snakeJSON<T: Encodable>(_ value: T) throws -> Rendered {
        Rendered(bytes: Array(try JSONRendering.snakeEncoder.encode(value)), contentType: jsonType)
    }
}

/// The API's JSON encoders (one configuration for every front end that writes JSON).
public enum JSONRendering {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISOTime.format(date))
        }
        return encoder
    }()

    public static let snakeEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()
}
