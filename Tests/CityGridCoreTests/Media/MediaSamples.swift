import CityGridCore

/// Hand-built media files for the tests: small, but with the structure (and the metadata) of real ones.
enum MediaSamples {
    // MARK: JPEG

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
    }

    static let soi: [UInt8] = [0xFF, 0xD8]
    static let eoi: [UInt8] = [0xFF, 0xD9]
    static let jfif = segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
    static let jfxx = segment(0xE0, Array("JFXX\0".utf8) + [0x10, 0xAA, 0xBB])
    static let dqt = segment(0xDB, [0] + Array(repeating: 1, count: 64))
    static let sof0 = segment(0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
    static let sof2 = segment(0xC2, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
    static let dht = segment(0xC4, [0x00, 1] + Array(repeating: 0, count: 15) + [0])
    static let sos = segment(0xDA, [1, 1, 0x00, 0, 63, 0])
    static let dri = segment(0xDD, [0, 2])
    /// Entropy-coded data with stuffed zeros and restart markers (and a 0xFF run before a restart).
    static let scan1: [UInt8] = [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78, 0x9A, 0xFF, 0x00, 0xBC, 0xFF, 0xFF, 0xD1, 0xDE]
    static let scan2: [UInt8] = [0xAB, 0xFF, 0x00, 0xCD, 0xFF, 0xD2, 0xEF, 0x01]
    static let comment = segment(0xFE, Array("shot by Zhang San, 13800000000".utf8))
    static let icc = segment(0xE2, Array("ICC_PROFILE\0".utf8) + [1, 1] + Array("profile-bytes".utf8))
    static let mpf = segment(0xE2, Array("MPF\0".utf8) + [0x4D, 0x4D, 0, 0x2A])
    static let photoshop = segment(0xED, Array("Photoshop 3.0\08BIM".utf8) + [4, 4, 0, 0])
    static let adobe = segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1])
    static let xmp = segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>39,54.452N</exif:GPSLatitude></x:xmpmeta>".utf8))

    /// The GPS latitude 39° 54' 27.12" as three little-endian rationals: bytes that must not survive.
    static let gpsLatitude: [UInt8] = [39, 0, 0, 0, 1, 0, 0, 0, 54, 0, 0, 0, 1, 0, 0, 0, 0x98, 0x0A, 0, 0, 100, 0, 0, 0]
    /// The longitude 116° 23' 51.6".
    static let gpsLongitude: [UInt8] = [116, 0, 0, 0, 1, 0, 0, 0, 23, 0, 0, 0, 1, 0, 0, 0, 0x28, 0x02, 0, 0, 10, 0, 0, 0]

    /// An APP1 EXIF block (little-endian TIFF) whose IFD0 holds Make, an optional Orientation and a
    /// pointer to a GPS IFD with latitude and longitude.
    static func exif(orientation: UInt16? = nil) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16) }
        func entry(_ tag: Int, _ type: Int, _ count: Int, _ value: [UInt8]) -> [UInt8] { u16(tag) + u16(type) + u32(count) + value }
        let ifd0Count = orientation == nil ? 2 : 3
        let ifd0Size = 2 + ifd0Count * 12 + 4
        let gpsOffset = 8 + ifd0Size
        let gpsCount = 4
        let gpsSize = 2 + gpsCount * 12 + 4
        let latOffset = gpsOffset + gpsSize
        let lonOffset = latOffset + 24
        let makeOffset = lonOffset + 24
        let make = Array("CityCam\0".utf8)
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + u32(8)
        tiff += u16(ifd0Count)
        tiff += entry(0x010F, 2, make.count, u32(makeOffset))
        if let orientation { tiff += entry(0x0112, 3, 1, u16(Int(orientation)) + [0, 0]) }
        tiff += entry(0x8825, 4, 1, u32(gpsOffset))
        tiff += u32(0)
        tiff += u16(gpsCount)
        tiff += entry(0x0001, 2, 2, [0x4E, 0, 0, 0])  // N
        tiff += entry(0x0002, 5, 3, u32(latOffset))
        tiff += entry(0x0003, 2, 2, [0x45, 0, 0, 0])  // E
        tiff += entry(0x0004, 5, 3, u32(lonOffset))
        tiff += u32(0)
        tiff += gpsLatitude + gpsLongitude + make
        return segment(0xE1, Array("Exif\0\0".utf8) + tiff)
    }

    /// A baseline JPEG carrying EXIF with GPS, XMP, a comment, a Photoshop block and an ICC profile,
    /// with fill bytes before a marker and trailing bytes after the end.
    static func taggedJPEG(orientation: UInt16? = nil) -> [UInt8] {
        soi + jfif + exif(orientation: orientation) + xmp + comment + photoshop + icc + mpf + dqt + sof0 + [0xFF, 0xFF] + dht + dri + sos + scan1
            + [0xFF, 0xFF] + eoi + Array("trailing preview".utf8)
    }

    /// What ``taggedJPEG(orientation:)`` must become without its metadata.
    static let strippedJPEG: [UInt8] = soi + jfif + icc + dqt + sof0 + dht + dri + sos + scan1 + eoi

    /// A progressive JPEG: two scans with a table between them, and metadata between the scans too.
    static let progressiveJPEG: [UInt8] = soi + jfif + exif() + dqt + sof2 + dht + sos + scan1 + dht + comment + sos + scan2 + eoi
    static let strippedProgressiveJPEG: [UInt8] = soi + jfif + dqt + sof2 + dht + sos + scan1 + dht + sos + scan2 + eoi

    // MARK: PNG

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        let crc = CRC32.checksum(typeBytes + data)
        return be32(data.count) + typeBytes + data + be32(Int(crc))
    }

    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    static let ihdr = chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
    static let idat = chunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0x60, 0x60, 0, 0, 0, 4, 0, 1])
    static let iend = chunk("IEND", [])
    static let gama = chunk("gAMA", [0, 0, 0xB1, 0x8F])

    static let taggedPNG: [UInt8] = pngSignature + ihdr + chunk("tEXt", Array("Author\0Zhang San".utf8)) + gama
        + chunk("iTXt", Array("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>".utf8)) + chunk("zTXt", Array("Comment\0\0xyz".utf8))
        + chunk("eXIf", [0x49, 0x49, 0x2A, 0] + gpsLatitude) + idat + iend + Array("junk".utf8)
    static let strippedPNG: [UInt8] = pngSignature + ihdr + gama + idat + iend

    // MARK: WebP

    static func le32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }

    static func riffChunk(_ fourCC: String, _ data: [UInt8]) -> [UInt8] {
        Array(fourCC.utf8) + le32(data.count) + data + (data.count % 2 == 1 ? [0] : [])
    }

    static func webp(_ chunks: [[UInt8]]) -> [UInt8] {
        let body = chunks.flatMap { $0 }
        return Array("RIFF".utf8) + le32(4 + body.count) + Array("WEBP".utf8) + body
    }

    static func vp8x(flags: UInt8) -> [UInt8] { riffChunk("VP8X", [flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }
    /// A VP8 chunk of odd size (padded).
    static let vp8 = riffChunk("VP8 ", [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x01, 0x00, 0x01, 0x00, 0x02])
    static let iccp = riffChunk("ICCP", Array("profile".utf8))
    static let webpEXIF = riffChunk("EXIF", [0x49, 0x49, 0x2A, 0] + gpsLatitude)
    static let webpXMP = riffChunk("XMP ", Array("<x:xmpmeta>GPS</x:xmpmeta>".utf8))

    static let taggedWebP = webp([vp8x(flags: 0x20 | 0x08 | 0x04), iccp, vp8, webpEXIF, webpXMP]) + Array("after".utf8)
    static let strippedWebP = webp([vp8x(flags: 0x20), iccp, vp8])

    // MARK: PDF

    static let pdf: [UInt8] = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    // MARK: Helpers

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    static func contains(_ haystack: [UInt8], _ text: String) -> Bool { contains(haystack, Array(text.utf8)) }
}

/// A small deterministic generator (SplitMix64) for the fuzz tests.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
