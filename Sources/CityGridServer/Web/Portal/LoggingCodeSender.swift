import CityGridApplication
import CityGridCore
import Foundation
import Logging

/// The default ``OneTimeCodeSender`` (验证码日志发送): writes each message to the server's log
/// (swift-log, level notice) instead of sending it, for a city that has not plugged in its SMS
/// gateway or mail server yet, and for trials and tests that read the code from the log. The line
/// names the contact, the code and the message: the log then holds personal data and live codes,
/// so a city in production replaces this sender.
public struct LoggingCodeSender: OneTimeCodeSender {
    let logger: Logger

    public init(logger: Logger = Logger(label: "citygrid.portal")) {
        self.logger = logger
    }

    public func send(_ message: OneTimeCodeMessage) async throws {
        logger.notice("one-time code", metadata: [
            "contact": "\(message.contact.value)", "code": "\(message.code)",
            "expires_at": "\(ISO8601DateFormatter().string(from: message.expiresAt))", "message": "\(message.text.zh) / \(message.text.en)",
        ])
    }
}
