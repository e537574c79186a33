/// Removes the text and EXIF metadata from a PNG file: the `tEXt`, `iTXt`, `zTXt` and `eXIf` chunks
/// (authors, comments, software, GPS positions in EXIF). Every other chunk is copied whole, with its
/// own CRC, so the CRCs stay valid; anything after `IEND` is dropped.
///
/// Refused (`malformed_media` on `body`): a file without the signature, a first chunk that is not a
/// 13-byte `IHDR`, a chunk running past the end, a bad chunk type or CRC, no `IDAT`, no `IEND`.
public enum PNGMetadataStripper {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The chunks dropped.
    public static let metadataChunks: Set<String> = ["tEXt", "iTXt", "zTXt", "eXIf"]

    public static func strip(_ bytes: [UInt8]) throws(DomainError) -> [UInt8] {
        let n = bytes.count
        guard n >= 8, bytes[0..<8].elementsEqual(signature) else { throw MediaError.malformed(.png, "no PNG signature") }
        var out = signature
        out.reserveCapacity(n)
        var i = 8
        var first = true
        var sawData = false
        while true {
            guard i + 12 <= n else { throw MediaError.malformed(.png, "no IEND chunk (truncated)") }
            let length = Int(be32(bytes, i))
            guard length <= 0x7FFF_FFFF, length <= n - i - 12 else { throw MediaError.malformed(.png, "a chunk runs past the end (truncated)") }
            let typeBytes = bytes[(i + 4)..<(i + 8)]
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw MediaError.malformed(.png, "a bad chunk type at byte \(i + 4)")
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            let end = i + 12 + length
            guard CRC32.checksum(bytes[(i + 4)..<(end - 4)]) == be32(bytes, end - 4) else {
                throw MediaError.malformed(.png, "a bad CRC in chunk \(type)")
            }
            if first {
                guard type == "IHDR", length == 13 else { throw MediaError.malformed(.png, "the first chunk is not IHDR") }
                first = false
            }
            if type == "IDAT" { sawData = true }
            if !metadataChunks.contains(type) { out += bytes[i..<end] }
            i = end
            if type == "IEND" { break }
        }
        guard sawData else { throw MediaError.malformed(.png, "no image data (IDAT)") }
        return out
    }

    static func be32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}
