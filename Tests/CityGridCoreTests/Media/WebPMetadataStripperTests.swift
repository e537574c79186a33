import CityGridCore
import Testing

@Suite("WebP metadata stripping")
struct WebPMetadataStripperTests {
    typealias S = MediaSamples

    @Test("EXIF and XMP chunks go, their VP8X flags are cleared and the RIFF size fixed")
    func strips() throws {
        let clean = try WebPMetadataStripper.strip(S.taggedWebP)
        #expect(clean == S.strippedWebP)
        #expect(clean[20] == 0x20)  // the ICC flag alone
        let riffSize = Int(clean[4]) | Int(clean[5]) << 8 | Int(clean[6]) << 16 | Int(clean[7]) << 24
        #expect(riffSize == clean.count - 8)
        #expect(!S.contains(clean, S.gpsLatitude) && !S.contains(clean, "xmpmeta"))
    }

    @Test("a simple lossy WebP stays as it is")
    func simple() throws {
        let simple = S.webp([S.vp8])
        #expect(try WebPMetadataStripper.strip(simple) == simple)
    }

    @Test("a RIFF size past the end, a wrong first chunk, no image: refused")
    func refused() {
        for bytes in [Array(S.strippedWebP.dropLast()), S.webp([S.iccp, S.vp8]), S.webp([S.vp8x(flags: 0), S.iccp])] {
            let error = #expect(throws: DomainError.self) { try WebPMetadataStripper.strip(bytes) }
            #expect(error?.code == "malformed_media")
        }
    }
}
