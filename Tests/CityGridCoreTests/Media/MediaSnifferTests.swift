import CityGridCore
import Testing

@Suite("Media types recognised from the bytes")
struct MediaSnifferTests {
    typealias S = MediaSamples

    @Test("JPEG, PNG, WebP and PDF are recognised whatever their label")
    func recognised() throws {
        #expect(try MediaSniffer.sniff(S.taggedJPEG()) == .jpeg)
        #expect(try MediaSniffer.sniff(S.taggedPNG) == .png)
        #expect(try MediaSniffer.sniff(S.taggedWebP) == .webp)
        #expect(try MediaSniffer.sniff(S.pdf) == .pdf)
        #expect(MediaType(mimeType: "Image/JPEG; charset=x") == .jpeg)
        #expect(MediaType.pdf.displaysInline == false && MediaType.png.displaysInline)
    }

    @Test("HTML, SVG, GIF, text, empty and truncated files are refused on body", arguments: [
        ("<!DOCTYPE html><script>alert(1)</script>", "unsupported_media_type"),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "unsupported_media_type"),
        ("GIF89a\u{01}\u{00}\u{01}\u{00}", "unsupported_media_type"),
        ("hello", "unsupported_media_type"),
        ("", "empty_media"),
        ("%PDF-1.7\n1 0 obj", "malformed_media"),
        ("RIFF\u{04}\u{00}\u{00}\u{00}WAVE", "unsupported_media_type"),
    ])
    func refused(text: String, code: String) {
        let error = #expect(throws: DomainError.self) { try SanitizedMedia(uploaded: Array(text.utf8)) }
        #expect(error?.code == code && error?.field == "body" && error?.kind == .invalid)
    }

    @Test("a mislabelled HTML page with a JPEG's first bytes is refused as a malformed JPEG")
    func htmlBehindJPEGMagic() {
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF] + Array("<html><script>alert(1)</script></html>".utf8)
        let error = #expect(throws: DomainError.self) { try SanitizedMedia(uploaded: bytes) }
        #expect(error?.code == "malformed_media" && error?.field == "body")
    }

    @Test("random bytes never crash: each input is recognised and cleaned, or refused on body")
    func fuzzRandom() {
        var rng = SeededRandom(state: 20_261_203)
        let magics: [[UInt8]] = [[], [0xFF, 0xD8], [0xFF, 0xD8, 0xFF], S.pngSignature, Array("RIFF".utf8), Array("%PDF-".utf8),
                                 Array("RIFF\u{10}\u{00}\u{00}\u{00}WEBP".utf8), S.soi + S.jfif]
        for round in 0..<20_000 {
            let magic = magics[round % magics.count]
            let count = Int.random(in: 0...80, using: &rng)
            let bytes = magic + (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            do {
                _ = try SanitizedMedia(uploaded: bytes)
            } catch {
                #expect(error.field == "body")
            }
        }
    }

    @Test("mutated and truncated valid files never crash", arguments: [0, 1, 2, 3])
    func fuzzMutations(sample: Int) {
        let original = [S.taggedJPEG(orientation: 6), S.taggedPNG, S.taggedWebP, S.progressiveJPEG][sample]
        var rng = SeededRandom(state: UInt64(sample) + 7)
        for _ in 0..<3_000 {
            var bytes = original
            for _ in 0...Int.random(in: 0...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] = [0x00, 0xFF, 0xD9, 0xDA, 0x01, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng)!
            }
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
            do {
                _ = try SanitizedMedia(uploaded: bytes)
            } catch {
                #expect(error.field == "body")
            }
        }
    }
}
