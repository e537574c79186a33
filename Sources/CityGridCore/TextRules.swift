/// Rules for free text that people type (descriptions, notes).
public enum TextRules {
    /// True when `text` holds a control character other than a line break or a tab (a NUL, an
    /// escape): such text is refused rather than stored, since storage and exports would mangle it.
    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }
    }
}
