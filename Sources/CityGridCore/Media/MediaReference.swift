/// The `media:ID` form by which a workflow step's `attachments` name an upload.
public enum MediaReference {
    public static let prefix = "media:"

    /// The id named by `attachment`, or `nil` when it is not a `media:` reference (an http(s) link).
    public static func id(of attachment: String) -> String? {
        guard attachment.hasPrefix(prefix) else { return nil }
        return String(attachment.dropFirst(prefix.count))
    }

    /// The ids named in `attachments`, in order, each once.
    public static func ids(in attachments: [String]) -> [String] {
        var seen = Set<String>()
        return attachments.compactMap(id(of:)).filter { seen.insert($0).inserted }
    }
}
