import CityGridCore
import Testing

@Suite("PNG metadata stripping")
struct PNGMetadataStripperTests {
    typealias S = MediaSamples

    @Test("the CRC-32 is the standard one")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test("text and EXIF chunks go, the others stay with valid CRCs")
    func strips() throws {
        let clean = try PNGMetadataStripper.strip(S.taggedPNG)
        #expect(clean == S.strippedPNG)
        #expect(!S.contains(clean, "Zhang San") && !S.contains(clean, S.gpsLatitude) && !S.contains(clean, "xmpmeta"))
        #expect(try PNGMetadataStripper.strip(clean) == clean)
    }

    @Test("a bad CRC, a wrong first chunk, no image data, truncation: refused")
    func refused() {
        var badCRC = S.strippedPNG
        badCRC[S.pngSignature.count + S.ihdr.count - 1] ^= 0xFF
        for bytes in [badCRC, S.pngSignature + S.gama + S.idat + S.iend, S.pngSignature + S.ihdr + S.iend] {
            let error = #expect(throws: DomainError.self) { try PNGMetadataStripper.strip(bytes) }
            #expect(error?.code == "malformed_media")
        }
        for length in 0..<S.strippedPNG.count {
            #expect(throws: DomainError.self) { try SanitizedMedia(uploaded: Array(S.strippedPNG.prefix(length))) }
        }
    }
}
