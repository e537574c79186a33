import Foundation

/// A JSON value as parsed, keeping integers, numbers and booleans apart (Foundation's
/// `JSONSerialization` gives `NSNumber` for all three).
indirect enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    subscript(_ key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var object: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }
    var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .number(let d): "\(d)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[\(a.count) items]"
        case .object(let o): "{\(o.keys.sorted().joined(separator: ","))}"
        }
    }
}

/// A validator for the subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that CityGrid's
/// OpenAPI document uses: `type` (one or several: `["string", "null"]` for a nullable value),
/// `properties`, `required`, `additionalProperties` (false or a schema), `items`, `enum`, `oneOf`,
/// `$ref` to the document's components, `minimum`/`maximum`, `minItems`/`maxItems`, `maxLength`,
/// `pattern` and the `date-time` format. Anything else in a schema is refused, so that the document
/// cannot say more than this checks.
struct JSONSchemaSubset {
    /// The whole document, for `$ref`.
    let document: JSONValue

    static let understood: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "oneOf", "$ref", "minimum", "maximum",
        "minItems", "maxItems", "maxLength", "pattern", "format", "description", "default", "examples", "deprecated",
    ]

    /// Every violation of `schema` by `value`, each as `path: reason`; empty when it conforms.
    func errors(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        guard case .object(let s) = schema else { return ["\(path): the schema is not an object"] }
        if let unknown = s.keys.first(where: { !Self.understood.contains($0) }) { return ["\(path): the validator does not understand \(unknown)"] }
        if let ref = s["$ref"]?.string {
            guard let target = resolve(ref) else { return ["\(path): no schema \(ref)"] }
            return errors(value, target, at: path)
        }
        var out: [String] = []
        if case .array(let choices)? = s["oneOf"] {
            let matching = choices.filter { errors(value, $0, at: path).isEmpty }.count
            if matching != 1 { out.append("\(path): matches \(matching) of the oneOf schemas, not exactly 1") }
        }
        if let type = s["type"] {
            let types: [String] = type.string.map { [$0] } ?? type.array?.compactMap(\.string) ?? []
            if !types.contains(where: { Self.isOfType(value, $0) }) { return out + ["\(path): \(value) is not of type \(types.joined(separator: "|"))"] }
        }
        if case .array(let choices)? = s["enum"], !choices.contains(value) { out.append("\(path): \(value) is not one of \(choices)") }
        if let number = Self.number(value) {
            if let min = s["minimum"].flatMap(Self.number), number < min { out.append("\(path): \(number) < minimum \(min)") }
            if let max = s["maximum"].flatMap(Self.number), number > max { out.append("\(path): \(number) > maximum \(max)") }
        }
        if case .string(let text) = value {
            if let pattern = s["pattern"]?.string {
                let regex = try? NSRegularExpression(pattern: pattern)
                if regex?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil { out.append("\(path): \"\(text)\" does not match \(pattern)") }
            }
            if s["format"]?.string == "date-time", !Self.isDateTime(text) { out.append("\(path): \"\(text)\" is not a date-time") }
            if case .int(let n)? = s["maxLength"], text.count > n { out.append("\(path): longer than \(n)") }
        }
        if case .array(let items) = value {
            if case .int(let n)? = s["minItems"], items.count < n { out.append("\(path): fewer than \(n) items") }
            if case .int(let n)? = s["maxItems"], items.count > n { out.append("\(path): more than \(n) items") }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { out += errors(item, itemSchema, at: "\(path)[\(i)]") }
            }
        }
        if case .object(let members) = value {
            let properties = s["properties"]?.object ?? [:]
            for case .string(let name) in s["required"]?.array ?? [] where members[name] == nil {
                out.append("\(path): the required property \(name) is missing")
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let p = properties[name] {
                    out += errors(member, p, at: "\(path).\(name)")
                } else {
                    switch s["additionalProperties"] {
                    case .bool(false)?: out.append("\(path): the property \(name) is not documented")
                    case .object?: out += errors(member, s["additionalProperties"]!, at: "\(path).\(name)")
                    default: break
                    }
                }
            }
        }
        return out
    }

    /// The schema at a local reference (`#/components/schemas/Case`).
    func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in ref.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    static func isOfType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .number), ("string", .string),
             ("array", .array), ("object", .object): true
        default: false
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    /// RFC 3339 date-time, as the API writes it (`2026-11-01T08:00:00Z`, fractions and offsets allowed).
    static func isDateTime(_ text: String) -> Bool {
        text.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"#, options: .regularExpression) != nil
    }
}
