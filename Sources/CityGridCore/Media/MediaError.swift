/// The refusals of an upload's content, all on the field `body`.
public enum MediaError {
    /// An empty body.
    public static var empty: DomainError {
        DomainError(.invalid, code: "empty_media", field: "body", zh: "文件为空", en: "The file is empty")
    }

    /// Bytes that are none of the accepted types (HTML, SVG, GIF, text, …), whatever their label.
    public static var unsupported: DomainError {
        DomainError(.invalid, code: "unsupported_media_type", field: "body",
                    zh: "只接受 JPEG、PNG、WebP 图片或 PDF 文件（按文件内容识别）",
                    en: "Upload a JPEG, PNG or WebP image or a PDF (recognised from the content, not the label)")
    }

    /// A file that starts like `type` but is truncated or broken.
    public static func malformed(_ type: MediaType, _ detail: String) -> DomainError {
        DomainError(.invalid, code: "malformed_media", field: "body",
                    zh: "文件已损坏或不完整（\(type.rawValue.uppercased())：\(detail)）",
                    en: "The \(type.rawValue.uppercased()) file is damaged or incomplete: \(detail)")
    }
}
