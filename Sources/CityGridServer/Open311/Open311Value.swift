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

    /// The value as JSON, written by ``JSONBytes`` (escaped as the API escapes).
    var json: String {
        var writer = JSONBytes(capacity: 4096)
        write(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private func write(_ w: inout JSONBytes) {
        switch self {
        case .string(let s): w.string(s)
        case .number(let n): w.double(n)
        case .bool(let b): w.bool(b)
        case .null: w.null()
        case .array(_, let items):
            w.beginArray()
            for item in items { item.write(&w) }
            w.endArray()
        case .object(let fields):
            w.beginObject()
            for (key, value) in fields { w.key(key); value.write(&w) }
            w.endObject()
        }
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
