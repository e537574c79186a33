import Foundation

/// Turns a `DecodingError` into the path of the offending field and a one-line reason, for error
/// messages that name the field.
public enum JSONErrorPath {
    /// The dotted path of the failing value, e.g. `minors[3].time_unit`.
    public static func path(of error: any Error) -> String? {
        guard let error = error as? DecodingError else { return nil }
        var path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let c): path = c.codingPath + [key]
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): path = c.codingPath
        @unknown default: return nil
        }
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text.isEmpty ? nil : text
    }

    /// A short English reason.
    public static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        switch error {
        case .keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case .typeMismatch(let type, _): return "expected \(type)"
        case .valueNotFound(let type, _): return "expected \(type), found null"
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError { return "malformed JSON (\(underlying.localizedDescription))" }
            return context.debugDescription
        @unknown default: return "unreadable"
        }
    }
}
