/// A small well-formed JPEG carrying EXIF with a GPS position, for the media tests.
enum TestMedia {
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
    }

    /// Bytes of the GPS block that must not survive stripping.
    static let gps: [UInt8] = Array("GPS:39.9075N,116.3972E".utf8)

    /// A JPEG whose scan data is `variant` repeated `size` times (so that tests can make distinct files).
    static func jpeg(variant: UInt8 = 1, size: Int = 16) -> [UInt8] {
        let exif = segment(0xE1, Array("Exif\0\0".utf8) + [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0] + gps)
        return [0xFF, 0xD8] + segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0]) + exif
            + segment(0xDB, [0] + Array(repeating: 1, count: 64)) + segment(0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
            + segment(0xDA, [1, 1, 0, 0, 63, 0]) + Array(repeating: variant, count: size) + [0xFF, 0xD9]
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
