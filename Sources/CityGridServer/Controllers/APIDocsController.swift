import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// `/api/v1/openapi.json` and `/api/v1/docs` (接口描述): the OpenAPI 3.1 document of the JSON API,
/// kept as a resource (`Resources/OpenAPI/openapi.json`, checked against the route table and the
/// answers by `OpenAPIDocumentTests`), and the same document as an HTML page for people, written on
/// the server from a Mustache template (every value escaped, no script).
struct APIDocsController: Sendable {
    /// The document's bytes, served as they are.
    let document: ByteBuffer
    /// The page, rendered once: the document does not change while the server runs.
    let page: String

    /// The shipped document and its page.
    static func shipped(renderer: PageRenderer) throws -> APIDocsController {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("OpenAPI/openapi.json") else { throw CocoaError(.fileNoSuchFile) }
        return try APIDocsController(data: Data(contentsOf: url), renderer: renderer)
    }

    init(data: Data, renderer: PageRenderer) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw CocoaError(.fileReadCorruptFile) }
        document = ByteBuffer(bytes: data)
        page = renderer.library.render(APIDocsPage(root).values, withTemplate: "api-docs") ?? ""
    }

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.get("openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-cache"], body: .init(byteBuffer: document))
        }
        group.get("docs") { _, _ -> Response in
            var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"]
            headers[.init("Content-Security-Policy")!] = PageChrome.contentSecurityPolicy
            headers[.init("X-Content-Type-Options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }
}

/// The values of the documentation page (`api-docs.mustache`), read from the OpenAPI document:
/// every operation with its summary, access, parameters, body and responses, then every schema
/// with its properties. Schemas are written as short text (`string, one of: a, b`; `array of Case`).
struct APIDocsPage {
    let root: [String: Any]

    init(_ root: [String: Any]) { self.root = root }

    var values: [String: Any] {
        let info = root["info"] as? [String: Any] ?? [:]
        let base = ((root["servers"] as? [[String: Any]])?.first?["url"] as? String) ?? ""
        let paths = root["paths"] as? [String: Any] ?? [:]
        var operations: [[String: Any]] = []
        for path in paths.keys.sorted() {
            let item = paths[path] as? [String: Any] ?? [:]
            for method in ["get", "post", "put", "patch", "delete"] {
                guard let op = item[method] as? [String: Any] else { continue }
                operations.append(operation(method: method, path: base + path, op))
            }
        }
        let schemas = (root["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        return [
            "title": info["title"] as? String ?? "",
            "version": info["version"] as? String ?? "",
            "openapi": root["openapi"] as? String ?? "",
            "description": info["description"] as? String ?? "",
            "operations": operations,
            "schemas": schemas.keys.sorted().map { name in schemaValues(name, schemas[name] as? [String: Any] ?? [:]) },
        ]
    }

    private func operation(method: String, path: String, _ op: [String: Any]) -> [String: Any] {
        var values: [String: Any] = [
            "method": method.uppercased(), "path": path, "anchor": (op["operationId"] as? String) ?? path,
            "summary": op["summary"] as? String ?? "", "description": op["description"] as? String ?? "",
            "access": op["x-access"] as? String ?? "",
        ]
        let parameters = (op["parameters"] as? [[String: Any]] ?? []).map { p -> [String: Any] in
            [
                "name": p["name"] as? String ?? "", "in": p["in"] as? String ?? "",
                "required": (p["required"] as? Bool) == true, "deprecated": (p["deprecated"] as? Bool) == true,
                "type": describe(p["schema"] as? [String: Any] ?? [:]), "description": p["description"] as? String ?? "",
            ]
        }
        values["hasParameters"] = !parameters.isEmpty
        values["parameters"] = parameters
        if let body = op["requestBody"] as? [String: Any] {
            let content = body["content"] as? [String: Any] ?? [:]
            var bodyValues: [String: Any] = [
                "required": (body["required"] as? Bool) == true,
                "contents": content.keys.sorted().map { ["type": $0, "schema": describe((content[$0] as? [String: Any])?["schema"] as? [String: Any] ?? [:])] },
            ]
            if let limit = body["x-body-limit"] as? Int { bodyValues["limit"] = Self.bytes(limit) }
            values["body"] = bodyValues
        }
        let responses = op["responses"] as? [String: Any] ?? [:]
        values["responses"] = responses.keys.sorted().map { status -> [String: Any] in
            var response = responses[status] as? [String: Any] ?? [:]
            if let ref = response["$ref"] as? String { response = resolve(ref) }
            let content = response["content"] as? [String: Any] ?? [:]
            return [
                "status": status, "description": response["description"] as? String ?? "",
                "contents": content.keys.sorted().map { ["type": $0, "schema": describe((content[$0] as? [String: Any])?["schema"] as? [String: Any] ?? [:])] },
            ]
        }
        return values
    }

    private func schemaValues(_ name: String, _ schema: [String: Any]) -> [String: Any] {
        var values: [String: Any] = ["name": name, "description": schema["description"] as? String ?? "", "type": describe(schema, top: true)]
        let properties = schema["properties"] as? [String: Any] ?? [:]
        let required = Set(schema["required"] as? [String] ?? [])
        values["hasProperties"] = !properties.isEmpty
        if !properties.isEmpty {
            values["properties"] = properties.keys.sorted().map { key -> [String: Any] in
                let p = properties[key] as? [String: Any] ?? [:]
                return ["name": key, "required": required.contains(key), "type": describe(p), "description": p["description"] as? String ?? ""]
            }
        }
        return values
    }

    /// The component a `$ref` names (`#/components/responses/E400`).
    private func resolve(_ ref: String) -> [String: Any] {
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] ?? [:] }
        return node as? [String: Any] ?? [:]
    }

    /// A schema in a few words: its type, format, bounds, pattern and choices.
    func describe(_ schema: [String: Any], top: Bool = false) -> String {
        if let ref = schema["$ref"] as? String { return String(ref.split(separator: "/").last ?? "") }
        if let choices = schema["oneOf"] as? [[String: Any]] { return choices.map { describe($0) }.joined(separator: " | ") }
        var words: [String] = []
        switch schema["type"] {
        case let type as String: words.append(type)
        case let types as [String]: words.append(types.joined(separator: " | "))
        default: break
        }
        if words.first == "array", let items = schema["items"] as? [String: Any] { words = ["array of " + describe(items)] }
        if words.first == "object", !top, let props = schema["properties"] as? [String: Any], !props.isEmpty {
            let required = Set(schema["required"] as? [String] ?? [])
            words = ["object {" + props.keys.sorted().map { "\($0)\(required.contains($0) ? "*" : ""): \(describe(props[$0] as? [String: Any] ?? [:]))" }.joined(separator: ", ") + "}"]
        }
        if let values = schema["additionalProperties"] as? [String: Any] { words.append("values: " + describe(values)) }
        if let format = schema["format"] as? String { words.append(format) }
        if let choices = schema["enum"] as? [Any] { words.append("one of: " + choices.map { "\($0)" }.joined(separator: ", ")) }
        if let min = schema["minimum"] { words.append("≥ \(min)") }
        if let max = schema["maximum"] { words.append("≤ \(max)") }
        if let value = schema["default"] { words.append("default \(value)") }
        if let length = schema["maxLength"] { words.append("at most \(length) characters") }
        if let pattern = schema["pattern"] as? String { words.append("pattern \(pattern)") }
        return words.joined(separator: ", ")
    }

    static func bytes(_ n: Int) -> String { n >= 1 << 20 ? "\(n >> 20) MB" : "\(n >> 10) KB" }
}
