import CityGridCore

import Foundation
import Logging

/// The default ``NoticeSender`` (通知日志发送): writes each e-mail or SMS notice to the server's log
/// (swift-log, level notice) instead of sending it, for a city that has not plugged in its SMS
/// gateway or mail server. The line names the channel, the idempotency key, the address masked
/// (``ContactAddress/masked``: `138****8000`, `w***@example.com`), the kind and the text. One
/// instance per channel: `LoggingNoticeSender(channel: .sms)`, `LoggingNoticeSender(channel: .email)`.
public struct LoggingNoticeSender: NoticeSender {
    public let channel: NoticeChannel
    let logger: Logger

    public init(channel: NoticeChannel, logger: Logger = Logger(label: "citygrid.notices")) {
        self.channel = channel
        self.logger = logger
    }

    /// One log sender per external channel.
    public static func all(logger: Logger = Logger(label: "citygrid.notices")) -> [LoggingNoticeSender] {
        NoticeChannel.external.map { LoggingNoticeSender(channel: $0, logger: logger) }
    }

    public func send(_ notice: OutgoingNotice) async throws {
        let address = (try? ContactAddress(parsing: notice.address))?.masked ?? "***"
        logger.notice("notice", metadata: [
            "channel": "\(notice.channel.rawValue)", "key": "\(notice.idempotencyKey)", "to": "\(address)",
            "kind": "\(notice.notice.kind.rawValue)", "text": "\(notice.text.zh) / \(notice.text.en)",
        ])
    }
}
