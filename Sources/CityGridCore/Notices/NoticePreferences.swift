import Foundation

/// A user's choice of channels per kind of notice (通知偏好). The inbox is always on, whatever is
/// stored: a preference only adds or removes e-mail and SMS. Kinds the user never set follow
/// ``defaults``.
public struct NoticePreferences: Hashable, Sendable {
    /// The external channels chosen per kind; a kind absent here takes its default.
    public private(set) var external: [NoticeKind: Set<NoticeChannel>]

    /// Preferences with `external` channels per kind (the inbox, if named, is ignored: it is always on).
    public init(_ external: [NoticeKind: Set<NoticeChannel>] = [:]) {
        self.external = external.mapValues { $0.subtracting([.inbox]) }
    }

    /// The defaults: a citizen hears by SMS or e-mail (whichever address they have) that their case
    /// is closed or that the case their report was merged into ended, and that a case is escalated to
    /// them (leaders); acceptance and dispatch only in the inbox.
    public static let defaultExternal: [NoticeKind: Set<NoticeChannel>] = [
        .caseAccepted: [], .caseDispatched: [], .caseClosed: [.sms, .email], .mergedEnded: [.sms, .email],
        .caseEscalated: [.sms, .email], .caseAssigned: [], .caseNotice: [],
    ]

    /// Nothing chosen: every kind at its default.
    public static let defaults = NoticePreferences()

    /// The channels `kind` goes to: the inbox and the chosen (or default) external ones.
    public func channels(for kind: NoticeKind) -> Set<NoticeChannel> {
        (external[kind] ?? Self.defaultExternal[kind] ?? []).union([.inbox])
    }

    /// Routes `kind` to `channels` (the inbox stays on whatever is given).
    public mutating func set(_ kind: NoticeKind, to channels: Set<NoticeChannel>) {
        external[kind] = channels.subtracting([.inbox])
    }

    /// Every kind with its channels, as the API writes them (`{"case_closed": ["inbox", "sms"]}`).
    public var coded: [String: [String]] {
        Dictionary(uniqueKeysWithValues: NoticeKind.allCases.map { ($0.rawValue, channels(for: $0).sorted().map(\.rawValue)) })
    }

    /// Reads preferences as the API and the form send them: kind codes to lists of channel codes.
    /// An unknown kind or channel is refused (400 `unknown_notice_kind` / `unknown_notice_channel`,
    /// field `preferences.KIND`); a kind not named keeps `base`'s choice. The inbox may be named or
    /// not: it is on either way, being where every notice is kept.
    public init(coded: [String: [String]], base: NoticePreferences = .defaults) throws(DomainError) {
        var result = base
        for (code, channelCodes) in coded.sorted(by: { $0.key < $1.key }) {
            guard let kind = NoticeKind(rawValue: code) else {
                throw DomainError(.invalid, code: "unknown_notice_kind", field: "preferences.\(code)",
                                  zh: "没有这种通知：\(code)", en: "No kind of notice \(code)")
            }
            var channels = Set<NoticeChannel>()
            for channelCode in channelCodes {
                guard let channel = NoticeChannel(rawValue: channelCode) else {
                    throw DomainError(.invalid, code: "unknown_notice_channel", field: "preferences.\(code)",
                                      zh: "没有这种通知渠道：\(channelCode)（可用 inbox、email、sms）",
                                      en: "No notice channel \(channelCode) (use inbox, email, sms)")
                }
                channels.insert(channel)
            }
            result.set(kind, to: channels)
        }
        self = result
    }
}
