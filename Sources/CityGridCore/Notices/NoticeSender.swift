import Foundation

/// A notice on its way out (外发通知): the outbox row's id as the idempotency key, the channel, the
/// address, and the notice with its title and body in both languages.
public struct OutgoingNotice: Sendable, Hashable {
    /// The outbox row's id: the same for every try of the same delivery. A sender that records the
    /// keys it has delivered, or passes them to a gateway that does, delivers each notice once even
    /// when the dispatcher hands it over again after a crash.
    public var idempotencyKey: Int64
    public var channel: NoticeChannel
    public var address: String
    public var notice: Notice

    public init(idempotencyKey: Int64, channel: NoticeChannel, address: String, notice: Notice) {
        self.idempotencyKey = idempotencyKey
        self.channel = channel
        self.address = address
        self.notice = notice
    }

    /// The text of a message: the title and body in both languages.
    public var text: LocalizedText {
        LocalizedText(zh: "【城市网格化管理】\(notice.title.zh)：\(notice.body.zh)", en: "City grid management — \(notice.title.en): \(notice.body.en)")
    }
}

/// Delivers notices through one external channel (通知发送器): an SMS gateway, a mail server.
/// Pluggable like ``OneTimeCodeSender``: the server's default writes each to its log
/// (`LoggingNoticeSender`), a city plugs in its gateway, tests collect them.
///
/// Delivery into the sender is at least once: after a crash between a successful ``send(_:)`` and
/// the outbox row being marked sent, the same notice comes again with the same
/// ``OutgoingNotice/idempotencyKey``. A throw is a failure: the row is tried again later with backoff.
public protocol NoticeSender: Sendable {
    /// The channel this sender delivers (``NoticeChannel/email`` or ``NoticeChannel/sms``).
    var channel: NoticeChannel { get }
    func send(_ notice: OutgoingNotice) async throws
}
