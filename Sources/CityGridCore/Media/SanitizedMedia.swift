/// An upload made safe to store and serve: its type recognised from the bytes (``MediaSniffer``) and
/// its metadata removed (``JPEGMetadataStripper``, ``PNGMetadataStripper``,
/// ``WebPMetadataStripper``; a PDF is kept as it is).
public struct SanitizedMedia: Sendable, Hashable {
    public var type: MediaType
    /// The bytes to store: what was uploaded, less its metadata.
    public var bytes: [UInt8]

    /// Recognises and cleans `uploaded`; refuses anything else with a `DomainError` on `body`.
    public init(uploaded: [UInt8]) throws(DomainError) {
        let type = try MediaSniffer.sniff(uploaded)
        self.type = type
        switch type {
        case .jpeg: bytes = try JPEGMetadataStripper.strip(uploaded)
        case .png: bytes = try PNGMetadataStripper.strip(uploaded)
        case .webp: bytes = try WebPMetadataStripper.strip(uploaded)
        case .pdf: bytes = uploaded
        }
    }
}
