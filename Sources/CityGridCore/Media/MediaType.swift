/// The kinds of evidence CityGrid accepts, as recognised from the bytes themselves (never from a
/// client's `Content-Type` or file name).
public enum MediaType: String, Sendable, Hashable, Codable, CaseIterable {
    case jpeg
    case png
    case webp
    case pdf

    /// The MIME type served with the file.
    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .pdf: "application/pdf"
        }
    }

    /// The file name extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .pdf: "pdf"
        }
    }

    /// Whether a browser should show it in place (images) rather than save it (PDF: a document that
    /// may carry scripts and links is downloaded, not rendered in the application's origin).
    public var displaysInline: Bool { self != .pdf }

    /// The type named by a MIME type (`image/jpeg`), parameters and case ignored.
    public init?(mimeType: String) {
        let bare = mimeType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let found = Self.allCases.first(where: { $0.mimeType == bare }) else { return nil }
        self = found
    }
}
