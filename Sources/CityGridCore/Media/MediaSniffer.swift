/// Recognises a file's type from its first bytes (its "magic number"), the only evidence CityGrid
/// trusts: a client's `Content-Type` and file name are ignored.
///
/// Only JPEG, PNG, WebP and PDF pass; everything else (HTML, SVG, GIF, an empty or truncated file)
/// is refused with `unsupported_media_type` on the field `body`. It reads at most the first 12 bytes
/// and the last 1,024 (a PDF's `%%EOF`), so it never fails on short or random input.
public enum MediaSniffer {
    /// The type of `bytes`, or a refusal naming `body`.
    public static func sniff(_ bytes: [UInt8]) throws(DomainError) -> MediaType {
        if bytes.isEmpty { throw MediaError.empty }
        if starts(bytes, [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(bytes, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.count >= 12, starts(bytes, Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return .webp }
        if starts(bytes, Array("%PDF-".utf8)) {
            // A PDF ends with `%%EOF` (possibly followed by line ends or a little padding): one without
            // it is truncated.
            let tail = bytes.suffix(1024)
            guard containsSequence(Array(tail), Array("%%EOF".utf8)) else { throw MediaError.malformed(.pdf, "no %%EOF trailer (truncated)") }
            return .pdf
        }
        throw MediaError.unsupported
    }

    static func starts(_ bytes: [UInt8], _ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && bytes[0..<prefix.count].elementsEqual(prefix)
    }

    static func containsSequence(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
