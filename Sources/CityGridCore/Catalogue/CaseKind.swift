/// The two halves of the standard catalogue (CJ/T 214): components (部件), physical things in public
/// space, and events (事件), situations.
public enum CaseKind: String, Codable, Sendable, CaseIterable {
    case component
    case event

    /// The letter that starts a case number: `C` for components, `E` for events.
    public var letter: Character { self == .component ? "C" : "E" }

    public init?(letter: Character) {
        switch letter {
        case "C": self = .component
        case "E": self = .event
        default: return nil
        }
    }

    public var label: LocalizedText {
        self == .component ? LocalizedText(zh: "部件", en: "Component") : LocalizedText(zh: "事件", en: "Event")
    }
}
