import CityGridCore
import Foundation

/// A one-time code on its way to a citizen (验证码短信/邮件): where it goes, the code, and the
/// message in both languages.
public struct OneTimeCodeMessage: Sendable, Hashable {
    public var contact: ContactAddress
    public var code: String
    public var expiresAt: Date
    public var text: LocalizedText

    public init(contact: ContactAddress, code: String, expiresAt: Date, text: LocalizedText) {
        self.contact = contact
        self.code = code
        self.expiresAt = expiresAt
        self.text = text
    }
}

/// Delivers one-time codes (验证码发送) by text message or e-mail. Pluggable: the server's default
/// writes the message to its log; a city plugs in its SMS gateway or mail server; tests collect them.
public protocol OneTimeCodeSender: Sendable {
    /// Sends `message`; a failure is reported to the citizen (the code stays valid and can be sent again).
    func send(_ message: OneTimeCodeMessage) async throws
}
