/// Removes the metadata from a JPEG file while copying the image itself unchanged.
///
/// Kept: the frame and scan headers, the tables (DQT, DHT, DRI, DAC, …), every entropy-coded
/// segment byte for byte (with its stuffed bytes and RST markers, over every scan of a progressive
/// JPEG), APP0 `JFIF`, APP2 `ICC_PROFILE` (the colour profile: without it a wide-gamut photo shows
/// wrong colours; it describes a device class, not a person or a place) and APP14 `Adobe` (needed
/// to decode CMYK and YCCK colours).
///
/// Dropped: APP1 (EXIF, with GPS position, camera serial numbers and times, and XMP), every other
/// APPn (MPF preview images, maker notes, JFXX thumbnails, …), COM comments, fill bytes between
/// segments, and anything after the end-of-image marker. The one piece of EXIF needed to display a
/// photo the right way up, its orientation, is written back as a minimal EXIF block holding that
/// tag alone when it is not the default (1).
///
/// A file that is not a well-formed JPEG (no start or end marker, a segment running past the end,
/// a scan before the frame header, a stray byte where a marker should be) is refused with
/// `malformed_media` on `body`; no input makes it crash.
public enum JPEGMetadataStripper {
    public static func strip(_ bytes: [UInt8]) throws(DomainError) -> [UInt8] {
        let n = bytes.count
        guard n >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw MediaError.malformed(.jpeg, "no start-of-image marker") }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(n)
        var i = 2
        var sawFrame = false
        var sawScan = false
        var wroteOrientation = false
        while true {
            guard i < n else { throw MediaError.malformed(.jpeg, "no end-of-image marker (truncated)") }
            guard bytes[i] == 0xFF else { throw MediaError.malformed(.jpeg, "expected a marker at byte \(i)") }
            while i < n, bytes[i] == 0xFF { i += 1 }  // fill bytes
            guard i < n else { throw MediaError.malformed(.jpeg, "no end-of-image marker (truncated)") }
            let marker = bytes[i]
            i += 1
            switch marker {
            case 0x00:
                throw MediaError.malformed(.jpeg, "a stuffed byte outside a scan at byte \(i - 2)")
            case 0xD8:
                throw MediaError.malformed(.jpeg, "a second start-of-image marker")
            case 0xD9:
                guard sawScan else { throw MediaError.malformed(.jpeg, "the image ends before any scan") }
                out += [0xFF, 0xD9]
                return out  // anything after the end of the image (previews, appended files) is dropped
            case 0x01, 0xD0...0xD7:
                out += [0xFF, marker]  // TEM and RSTn stand alone
                continue
            default:
                break
            }
            guard i + 2 <= n else { throw MediaError.malformed(.jpeg, "a segment header runs past the end (truncated)") }
            let length = Int(bytes[i]) << 8 | Int(bytes[i + 1])
            guard length >= 2, i + length <= n else { throw MediaError.malformed(.jpeg, "a segment runs past the end (truncated)") }
            let segmentStart = i - 2
            let payload = bytes[(i + 2)..<(i + length)]
            i += length
            let keep: Bool
            switch marker {
            case 0xE0: keep = hasPrefix(payload, "JFIF\0")
            case 0xE1:
                keep = false
                if !wroteOrientation, hasPrefix(payload, "Exif\0\0"), let orientation = orientation(inEXIF: payload.dropFirst(6)), orientation != 1 {
                    out += minimalEXIF(orientation: orientation)
                    wroteOrientation = true
                }
            case 0xE2: keep = hasPrefix(payload, "ICC_PROFILE\0")
            case 0xEE: keep = hasPrefix(payload, "Adobe")
            case 0xE3...0xED, 0xEF, 0xFE: keep = false
            case 0xC0...0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                sawFrame = true
                keep = true
            case 0xDA:
                guard sawFrame else { throw MediaError.malformed(.jpeg, "a scan before the frame header") }
                keep = true
            default: keep = true
            }
            if keep { out += bytes[segmentStart..<i] }
            if marker == 0xDA {
                sawScan = true
                let end = try entropyCodedEnd(bytes, from: i)
                out += bytes[i..<end]
                i = end
            }
        }
    }

    /// Where the entropy-coded data starting at `start` ends: at the first 0xFF (of a run of fill
    /// bytes) followed by a marker other than a stuffed zero or a restart marker.
    static func entropyCodedEnd(_ bytes: [UInt8], from start: Int) throws(DomainError) -> Int {
        let n = bytes.count
        var j = start
        while j < n {
            if bytes[j] != 0xFF { j += 1; continue }
            var k = j + 1
            while k < n, bytes[k] == 0xFF { k += 1 }
            guard k < n else { break }
            let next = bytes[k]
            if next == 0x00 || (0xD0...0xD7).contains(next) { j = k + 1; continue }
            return j
        }
        throw MediaError.malformed(.jpeg, "the scan data runs to the end without an end-of-image marker (truncated)")
    }

    static func hasPrefix(_ payload: ArraySlice<UInt8>, _ text: String) -> Bool {
        let prefix = Array(text.utf8)
        return payload.count >= prefix.count && payload.prefix(prefix.count).elementsEqual(prefix)
    }

    /// The Orientation tag (0x0112) of IFD0 in a TIFF structure (an EXIF block after `Exif\0\0`), or
    /// `nil` when absent or unreadable. Every offset is bounds-checked.
    static func orientation(inEXIF tiff: ArraySlice<UInt8>) -> UInt16? {
        let t = Array(tiff)
        guard t.count >= 8 else { return nil }
        let little: Bool
        switch (t[0], t[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= t.count else { return nil }
            return little ? Int(t[at]) | Int(t[at + 1]) << 8 : Int(t[at]) << 8 | Int(t[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<min(count, 1000) {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112 {
                guard u16(at + 2) == 3, let value = u16(at + 8), (1...8).contains(value) else { return nil }
                return UInt16(value)
            }
        }
        return nil
    }

    /// An APP1 segment holding an EXIF block with only the Orientation tag (big-endian TIFF).
    static func minimalEXIF(orientation: UInt16) -> [UInt8] {
        let payload: [UInt8] = Array("Exif\0\0".utf8) + [
            0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,  // TIFF header, IFD0 at 8
            0x00, 0x01,  // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, UInt8(orientation >> 8), UInt8(orientation & 0xFF), 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,  // no next IFD
        ]
        let length = payload.count + 2
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }
}
