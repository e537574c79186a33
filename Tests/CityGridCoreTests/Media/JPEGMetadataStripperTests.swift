import CityGridCore
import Testing

@Suite("JPEG metadata stripping")
struct JPEGMetadataStripperTests {
    typealias S = MediaSamples

    @Test("EXIF with GPS, XMP, comments and other APPn go; JFIF, ICC and the image data stay byte for byte")
    func stripsEXIFAndGPS() throws {
        let tagged = S.taggedJPEG()
        #expect(S.contains(tagged, "Exif") && S.contains(tagged, S.gpsLatitude))
        let clean = try JPEGMetadataStripper.strip(tagged)
        #expect(clean == S.strippedJPEG)
        #expect(!S.contains(clean, "Exif"))
        #expect(!S.contains(clean, S.gpsLatitude) && !S.contains(clean, S.gpsLongitude))
        #expect(!S.contains(clean, "CityCam") && !S.contains(clean, "xmpmeta") && !S.contains(clean, "Zhang San") && !S.contains(clean, "Photoshop"))
        #expect(!S.contains(clean, "MPF") && !S.contains(clean, "trailing"))
        #expect(S.contains(clean, "ICC_PROFILE") && S.contains(clean, "JFIF"))
        // The entropy-coded data, with its stuffed bytes and restart markers, is unchanged.
        #expect(S.contains(clean, S.sos + S.scan1 + S.eoi))
        // Stripping is idempotent.
        #expect(try JPEGMetadataStripper.strip(clean) == clean)
    }

    @Test("the orientation survives as a minimal EXIF block holding nothing else")
    func keepsOrientation() throws {
        let clean = try JPEGMetadataStripper.strip(S.taggedJPEG(orientation: 6))
        #expect(!S.contains(clean, S.gpsLatitude) && !S.contains(clean, "CityCam"))
        let app1: [UInt8] = [0xFF, 0xE1, 0x00, 0x22] + Array("Exif\0\0".utf8) + [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]
        #expect(clean == S.soi + S.jfif + app1 + Array(S.strippedJPEG.dropFirst(2 + S.jfif.count)))
        // The default orientation (1) needs no block at all.
        #expect(try JPEGMetadataStripper.strip(S.taggedJPEG(orientation: 1)) == S.strippedJPEG)
    }

    @Test("a progressive JPEG keeps every scan and the tables between them")
    func progressive() throws {
        #expect(try JPEGMetadataStripper.strip(S.progressiveJPEG) == S.strippedProgressiveJPEG)
    }

    @Test("JFXX thumbnails and Adobe blocks: the first go, the second stays")
    func app0AndAdobe() throws {
        let jpeg = S.soi + S.jfif + S.jfxx + S.adobe + S.dqt + S.sof0 + S.sos + S.scan2 + S.eoi
        #expect(try JPEGMetadataStripper.strip(jpeg) == S.soi + S.jfif + S.adobe + S.dqt + S.sof0 + S.sos + S.scan2 + S.eoi)
    }

    @Test("every truncation of a valid JPEG is refused cleanly")
    func truncations() {
        let jpeg = S.strippedJPEG
        for length in 0..<jpeg.count {
            #expect(throws: DomainError.self) { try SanitizedMedia(uploaded: Array(jpeg.prefix(length))) }
        }
    }

    @Test("malformed JPEGs are refused on body", arguments: [
        S.soi + S.sos + S.scan2 + S.eoi,  // a scan before the frame header
        S.soi + [0xFF, 0xE1, 0x00, 0x01] + S.eoi,  // a segment length below 2
        S.soi + [0xFF, 0xE1, 0x40, 0x00, 1, 2] + S.eoi,  // a segment running past the end
        S.soi + S.jfif + [0x12, 0x34] + S.eoi,  // a stray byte where a marker belongs
        S.soi + S.jfif + S.eoi,  // no scan
        S.soi + S.sof0 + S.sos + S.scan2,  // no end of image
        S.soi + S.soi + S.eoi,
        S.soi + [0xFF, 0x00] + S.eoi,
    ])
    func malformed(bytes: [UInt8]) {
        let error = #expect(throws: DomainError.self) { try JPEGMetadataStripper.strip(bytes) }
        #expect(error?.code == "malformed_media" && error?.field == "body")
    }
}
