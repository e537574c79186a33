import Foundation

/// One Open311 answer as a tree (Open311 文档), written as JSON or as XML from the same value, so the
/// two formats never disagree. Objects keep their keys' order; an array names its XML elements.
indirect enum Open311Value: Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    /// A list: in XML, each item is an element named `element`.
    case array(element: String, [Open311Value])
    case object([(String, Open311Value)])

    static func string(_ value: String?) -> Open311Value { value.map { .string($0) } ?? .null }

    // MARK: JSON

    var json: String {
        var out = ""
        writeJSON(&out)
        return out
    }

    private func writeJSON(_ out: inout String) {
        switch self {
        case .string(let s): Self.jsonString(s, &out)
        case .number(let n): out += n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(_, let items):
            out += "["
            for (i, item) in items.enumerated() { if i > 0 { out += "," }; item.writeJSON(&out) }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                Self.jsonString(key, &out); out += ":"; value.writeJSON(&out)
            }
            out += "}"
        }
    }

    private static func jsonString(_ s: String, _ out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // Script-safe: never a literal "</" or "<!--" in a JSON text a page might inline.
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        out += "\""
    }

    // MARK: XML

    /// The document: the declaration, then this value as the element `root`.
    func xml(root: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        writeXML(name: root, &out)
        return out
    }

    private func writeXML(name: String, _ out: inout String) {
        switch self {
        case .null:
            out += "<\(name)/>"
        case .array(let element, let items):
            out += "<\(name)>"
            for item in items { item.writeXML(name: element, &out) }
            out += "</\(name)>"
        case .object(let fields):
            out += "<\(name)>"
            for (key, value) in fields { value.writeXML(name: key, &out) }
            out += "</\(name)>"
        default:
            out += "<\(name)>"
            Self.xmlText(textValue, &out)
            out += "</\(name)>"
        }
    }

    private var textValue: String {
        switch self {
        case .string(let s): s
        case .number: json
        case .bool(let b): b ? "true" : "false"
        default: ""
        }
    }

    /// Escapes text for XML 1.0, dropping the characters XML cannot carry at all.
    private static func xmlText(_ s: String, _ out: inout String) {
        for scalar in s.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                guard v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000 else { continue }
                out.unicodeScalars.append(scalar)
            }
        }
    }
}
