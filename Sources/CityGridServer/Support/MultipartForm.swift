import CityGridCore
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` body (多部分表单), as Open311 clients send a request with its photo and the
/// portal a report with its photos: the text fields by name (UTF-8, each value kept in order) and
/// the files in order. Parsed by MultipartKit's parser over the whole body, read up to a limit.
///
/// Refused with a 400 naming `body`: a missing or unusable boundary, a malformed or truncated body
/// (no closing delimiter), a part without a name, a text field that is not UTF-8, more files than
/// allowed; with a 413: a body over the limit.
struct MultipartForm: Sendable {
    /// One file part: the form field it was sent as, the name the client gave it, and its bytes.
    struct File: Sendable {
        var field: String
        var fileName: String
        var bytes: [UInt8]
    }

    private(set) var fields: [String: [String]] = [:]
    private(set) var files: [File] = []

    /// The largest body taken: five photos straight off a phone.
    static let maxBytes = 25 << 20
    /// The most files (and parts) one form may carry.
    static let maxFiles = 5
    static let maxParts = 200

    /// The boundary a `multipart/form-data` content type names, or `nil` when it is another type.
    /// A multipart type without a usable boundary (1 to 70 characters) is refused.
    static func boundary(ofContentType type: String?) throws(DomainError) -> String? {
        guard let type, type.lowercased().hasPrefix("multipart/form-data") else { return nil }
        let parameters = HeaderParameters(type)
        guard let boundary = parameters["boundary"], (1...70).contains(boundary.utf8.count) else {
            throw DomainError.invalidField("body", zh: "multipart/form-data 须带 boundary（1到70个字符）",
                                           en: "multipart/form-data needs a boundary of 1 to 70 characters")
        }
        return boundary
    }

    /// The request's multipart form, read once (at most ``maxBytes``), or `nil` when the request is
    /// not `multipart/form-data`.
    static func read(_ request: inout Request, limit: Int = maxBytes) async throws -> MultipartForm? {
        guard let boundary = try boundary(ofContentType: request.headers[.contentType]) else { return nil }
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: limit) } catch { throw BodyLimit.tooLarge(limit) }
        return try MultipartForm(buffer, boundary: boundary)
    }

    init(_ body: ByteBuffer, boundary: String) throws(DomainError) {
        let malformed = DomainError.invalidField("body", zh: "multipart/form-data 请求体格式错误", en: "The multipart/form-data body is malformed")
        var headers: [(String, String)] = []
        var bytes: [UInt8] = []
        var open = false
        var parts: [(headers: [(String, String)], bytes: [UInt8])] = []
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            headers.append((name, value))
            open = true
        }
        parser.onBody = { chunk in
            bytes += chunk.readableBytesView
            open = true
        }
        parser.onPartComplete = {
            parts.append((headers, bytes))
            headers = []
            bytes = []
            open = false
        }
        do { try parser.execute(body) } catch { throw malformed }
        // The close delimiter must have come, after the last part: a body cut short is refused, not
        // taken as a shorter form.
        let close = Array("--\(boundary)--".utf8)
        guard !open, !parts.isEmpty, body.readableBytesView.firstRange(of: close) != nil else { throw malformed }
        guard parts.count <= Self.maxParts else {
            throw DomainError.invalidField("body", zh: "表单字段过多（最多\(Self.maxParts)个）", en: "The form has more than \(Self.maxParts) parts")
        }
        for part in parts {
            let disposition = part.headers.first { $0.0.lowercased() == "content-disposition" }.map { HeaderParameters($0.1) }
            guard let disposition, let name = disposition["name"], !name.isEmpty else {
                throw DomainError.invalidField("body", zh: "表单的每一部分须有名称（Content-Disposition 的 name）",
                                               en: "Every part needs a name (Content-Disposition's name)")
            }
            if let fileName = disposition["filename"] {
                guard files.count < Self.maxFiles else {
                    throw DomainError.invalidField(name, zh: "最多附\(Self.maxFiles)个文件", en: "At most \(Self.maxFiles) files may be sent")
                }
                // A file input left empty is sent as a part with an empty file name and no bytes.
                if !fileName.isEmpty || !part.bytes.isEmpty { files.append(File(field: name, fileName: fileName, bytes: part.bytes)) }
            } else {
                guard let text = String(validating: part.bytes, as: UTF8.self) else {
                    throw DomainError.invalidField(name, zh: "字段 \(name) 不是有效的 UTF-8", en: "Field \(name) is not valid UTF-8")
                }
                fields[name, default: []].append(text)
            }
        }
    }

    /// The files sent as `field` (or `field[]`).
    func files(_ field: String) -> [File] {
        files.filter { $0.field == field || $0.field == field + "[]" }
    }
}

/// The `;`-separated parameters of a header value (`form-data; name="media"; filename="a.jpg"`),
/// names lower-cased, quotes taken off.
struct HeaderParameters {
    private var values: [String: String] = [:]

    init(_ header: String) {
        var rest = Substring(header)
        // The value before the first `;` is the type itself.
        guard let first = rest.firstIndex(of: ";") else { return }
        rest = rest[rest.index(after: first)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(character); escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { break } else { value.append(character) }
                }
                rest = rest.drop { $0 != ";" }
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if values[name] == nil { values[name] = value }
        }
    }

    subscript(_ name: String) -> String? { values[name] }
}
