/// Removes the `EXIF` and `XMP ` chunks from a WebP file, clears their flags in the `VP8X` header
/// and rewrites the RIFF size. The image chunks (`VP8 `, `VP8L`, `ALPH`, `ANIM`, `ANMF`) and the
/// colour profile (`ICCP`) are copied unchanged; anything after the RIFF container is dropped.
///
/// Refused (`malformed_media` on `body`): a RIFF size beyond the end of the file, a chunk running
/// past the container, a first chunk other than `VP8 `, `VP8L` or `VP8X`, no image chunk.
public enum WebPMetadataStripper {
    /// The VP8X flag bits for EXIF and XMP metadata.
    static let exifFlag: UInt8 = 0x08
    static let xmpFlag: UInt8 = 0x04

    public static func strip(_ bytes: [UInt8]) throws(DomainError) -> [UInt8] {
        let n = bytes.count
        guard n >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WEBP".utf8) else {
            throw MediaError.malformed(.webp, "no RIFF WEBP header")
        }
        let riffSize = Int(le32(bytes, 4))
        guard riffSize >= 4, riffSize <= n - 8 else { throw MediaError.malformed(.webp, "the RIFF size runs past the end (truncated)") }
        let end = 8 + riffSize
        var out: [UInt8] = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8)
        out.reserveCapacity(end)
        var i = 12
        var flagsIndex: Int?
        var sawImage = false
        var first = true
        while i < end {
            guard i + 8 <= end else { throw MediaError.malformed(.webp, "a chunk header runs past the end (truncated)") }
            let fourCC = String(decoding: bytes[i..<(i + 4)], as: UTF8.self)
            let size = Int(le32(bytes, i + 4))
            guard size <= end - i - 8 else { throw MediaError.malformed(.webp, "chunk \(fourCC) runs past the end (truncated)") }
            if first {
                guard ["VP8 ", "VP8L", "VP8X"].contains(fourCC) else { throw MediaError.malformed(.webp, "the first chunk is \(fourCC)") }
                first = false
            }
            if ["VP8 ", "VP8L", "ANMF"].contains(fourCC) { sawImage = true }
            if fourCC != "EXIF" && fourCC != "XMP " {
                if fourCC == "VP8X" {
                    guard size >= 10 else { throw MediaError.malformed(.webp, "a short VP8X header") }
                    flagsIndex = out.count + 8
                }
                out += bytes[i..<(i + 8 + size)]
                if size % 2 == 1 { out.append(0) }  // chunks are padded to an even size
            }
            i += 8 + size + size % 2
        }
        guard sawImage else { throw MediaError.malformed(.webp, "no image chunk") }
        if let flagsIndex { out[flagsIndex] &= ~(exifFlag | xmpFlag) }
        let size = UInt32(out.count - 8)
        out[4] = UInt8(size & 0xFF); out[5] = UInt8(size >> 8 & 0xFF); out[6] = UInt8(size >> 16 & 0xFF); out[7] = UInt8(size >> 24)
        return out
    }

    static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
