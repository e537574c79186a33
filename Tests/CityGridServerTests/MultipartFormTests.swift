import CityGridCore
import Foundation
import NIOCore
import Testing

@testable import CityGridServer

/// ``MultipartForm``: fields and files read back as sent; every malformed body refused naming the
/// field, never taken as a shorter form.
@Suite struct MultipartFormTests {
    static let boundary = "----cgBoundary7MA4YWxkTrZu0gW"

    /// A body of `parts`: (name, file name or nil, bytes), closed unless `close` is false.
    static func body(_ parts: [(String, String?, [UInt8])], boundary: String = boundary, close: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = []
        for (name, fileName, content) in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
            if let fileName { head += "; filename=\"\(fileName)\"\r\nContent-Type: image/jpeg" }
            head += "\r\n\r\n"
            bytes += Array(head.utf8) + content + Array("\r\n".utf8)
        }
        if close { bytes += Array("--\(boundary)--\r\n".utf8) }
        return bytes
    }

    static func parse(_ bytes: [UInt8], boundary: String = boundary) throws(DomainError) -> MultipartForm {
        try MultipartForm(ByteBuffer(bytes: bytes), boundary: boundary)
    }

    @Test func fieldsAndFilesComeBackAsSent() throws {
        // A file's bytes may hold CR, LF, dashes and most of the boundary.
        let photo: [UInt8] = [0xFF, 0xD8, 13, 10, 45, 45] + Array("----cgBoundary7MA4".utf8) + [0, 255, 13, 10, 0xFF, 0xD9]
        let form = try Self.parse(Self.body([("service_code", nil, Array("C0101".utf8)), ("description", nil, Array("井盖丢失\r\nsecond line".utf8)),
                                            ("attribute[kind][]", nil, Array("a".utf8)), ("attribute[kind][]", nil, Array("b".utf8)),
                                            ("media", "cover.jpg", photo), ("media", "", [])]))
        #expect(form.fields["service_code"] == ["C0101"] && form.fields["description"] == ["井盖丢失\r\nsecond line"])
        #expect(form.fields["attribute[kind][]"] == ["a", "b"])
        // The empty file input is no file.
        #expect(form.files.count == 1 && form.files("media").first?.bytes == photo && form.files("media").first?.fileName == "cover.jpg")
    }

    @Test func theBoundaryComesFromTheContentType() throws {
        #expect(try MultipartForm.boundary(ofContentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(try MultipartForm.boundary(ofContentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\"") == "a b;c")
        #expect(try MultipartForm.boundary(ofContentType: "application/x-www-form-urlencoded") == nil)
        #expect(try MultipartForm.boundary(ofContentType: nil) == nil)
        for bad in ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=" + String(repeating: "x", count: 71)] {
            #expect(throws: DomainError.self) { try MultipartForm.boundary(ofContentType: bad) }
        }
    }

    @Test(arguments: ["truncated", "unclosed", "garbage", "nameless", "latin1", "tooManyFiles", "wrongBoundary"])
    func aMalformedBodyIsRefusedNamingTheField(_ kind: String) {
        let text = Array("x".utf8)
        let (bytes, field): ([UInt8], String) = switch kind {
        case "truncated": (Array(Self.body([("a", nil, text), ("media", "p.jpg", Array(repeating: 7, count: 100))]).prefix(150)), "body")
        case "unclosed": (Self.body([("a", nil, text)], close: false), "body")
        case "garbage": (Array("not a multipart body at all".utf8), "body")
        case "nameless": (Array("--\(Self.boundary)\r\nContent-Disposition: form-data\r\n\r\nx\r\n--\(Self.boundary)--\r\n".utf8), "body")
        case "latin1": (Self.body([("description", nil, [0x63, 0x61, 0x66, 0xE9])]), "description")
        case "tooManyFiles": (Self.body((0...MultipartForm.maxFiles).map { ("media", "p\($0).jpg", text) }), "media")
        default: (Self.body([("a", nil, text)], boundary: "other"), "body")
        }
        do {
            let form = try Self.parse(bytes)
            Issue.record("\(kind) was taken: \(form.fields)")
        } catch {
            #expect(error.kind == .invalid && error.field == field, "\(kind): \(error)")
        }
    }
}
