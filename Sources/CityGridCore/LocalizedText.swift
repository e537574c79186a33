import Foundation

/// A user-facing text in both of CityGrid's languages: Simplified Chinese and English.
///
/// Every name a person reads (a region, a category, a role, an error) carries both, so that the
/// server and the command line can answer in the language the reader asked for.
public struct LocalizedText: Hashable, Codable, Sendable {
    /// The Chinese text (简体中文).
    public var zh: String
    /// The English text.
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text in the given language; anything that is not Chinese gets English.
    public func text(_ language: Language) -> String {
        language == .zh ? zh : en
    }
}

/// The languages CityGrid speaks.
public enum Language: String, Codable, Sendable, CaseIterable {
    case zh
    case en

    /// Picks a language from an HTTP `Accept-Language` value or a `--lang` option: Chinese when the
    /// first preference starts with `zh`, English otherwise.
    public init(preference: String?) {
        let first = preference?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        self = first.hasPrefix("zh") ? .zh : .en
    }
}
