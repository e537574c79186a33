import Foundation
import Hummingbird

/// A submitted HTML form (`application/x-www-form-urlencoded`), field by field (表单). A field given
/// several times (checkboxes) keeps every value, in order.
struct FormBody: Sendable {
    private(set) var fields: [String: [String]] = [:]

    /// The largest form accepted: forms carry short texts, never files.
    static let maxBytes = 64 * 1024

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            fields[name, default: []].append(parts.count > 1 ? Self.decode(parts[1]) ?? "" : "")
        }
    }

    /// The request's form, read once (at most ``maxBytes``).
    static func read(_ request: inout Request) async throws -> FormBody {
        let buffer = try await request.collectBody(upTo: maxBytes)
        return FormBody(String(buffer: buffer))
    }

    subscript(_ name: String) -> String? { fields[name]?.first }

    func all(_ name: String) -> [String] { fields[name] ?? [] }

    private static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
