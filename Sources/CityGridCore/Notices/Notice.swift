import Foundation

/// What a notice is about (通知类别), a typed code: each kind has its own default channels
/// (``NoticePreferences/defaults``) and a user may route each kind to other channels.
public enum NoticeKind: String, Codable, CaseIterable, Hashable, Sendable, Comparable {
    /// The reporter's case was accepted (受理).
    case caseAccepted = "case_accepted"
    /// The reporter's case was dispatched to a body (派遣).
    case caseDispatched = "case_dispatched"
    /// The reporter's case was closed (结案).
    case caseClosed = "case_closed"
    /// The case a report was merged into ended (重复上报随主案件办结).
    case mergedEnded = "merged_ended"
    /// A case is overdue and escalated to a leader (超时升级).
    case caseEscalated = "case_escalated"
    /// A case was dispatched to the organisation (派遣至本单位), in its inbox.
    case caseAssigned = "case_assigned"
    /// A case notice written before notices had kinds (the notifications of schema v25 and earlier).
    case caseNotice = "case_notice"

    public var label: LocalizedText {
        switch self {
        case .caseAccepted: LocalizedText(zh: "案件已受理", en: "Case accepted")
        case .caseDispatched: LocalizedText(zh: "案件已派遣", en: "Case dispatched")
        case .caseClosed: LocalizedText(zh: "案件已结案", en: "Case closed")
        case .mergedEnded: LocalizedText(zh: "重复上报已随主案件办结", en: "Merged report ended")
        case .caseEscalated: LocalizedText(zh: "案件超时升级", en: "Case escalated")
        case .caseAssigned: LocalizedText(zh: "新派遣案件", en: "Case dispatched to the organisation")
        case .caseNotice: LocalizedText(zh: "案件消息", en: "Case notice")
        }
    }

    /// Kinds a user (not an organisation) receives, in the order a preferences form lists them.
    public static let personal: [NoticeKind] = [.caseAccepted, .caseDispatched, .caseClosed, .mergedEnded, .caseEscalated]

    public static func < (lhs: NoticeKind, rhs: NoticeKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where a notice goes (通知渠道): the in-app inbox, always; e-mail and SMS when the user chose them
/// and has an address of that kind.
public enum NoticeChannel: String, Codable, CaseIterable, Hashable, Sendable, Comparable {
    case inbox
    case email
    case sms

    public var label: LocalizedText {
        switch self {
        case .inbox: LocalizedText(zh: "站内信", en: "Inbox")
        case .email: LocalizedText(zh: "电子邮件", en: "E-mail")
        case .sms: LocalizedText(zh: "短信", en: "SMS")
        }
    }

    /// The channels that leave the platform through a ``NoticeChannel``-specific sender.
    public static let external: [NoticeChannel] = [.email, .sms]

    /// The kind of contact address this channel sends to (`nil` for the inbox).
    public var addressKind: ContactAddress.Kind? {
        switch self {
        case .inbox: nil
        case .email: .email
        case .sms: .phone
        }
    }

    private var order: Int { NoticeChannel.allCases.firstIndex(of: self)! }
    public static func < (lhs: NoticeChannel, rhs: NoticeChannel) -> Bool { lhs.order < rhs.order }
}

/// What a notice is about (通知主体): a case today; suggestions, claims and communities later, each
/// a kind and its id as text.
public struct NoticeSubject: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable {
        case caseRecord = "case"
    }

    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    /// A case.
    public static func caseRecord(_ id: CaseID) -> NoticeSubject { NoticeSubject(kind: .caseRecord, id: String(id.rawValue)) }

    /// The case this is, if it is one.
    public var caseID: CaseID? {
        guard kind == .caseRecord, let value = Int64(id) else { return nil }
        return CaseID(rawValue: value)
    }
}

/// Whose inbox a notice is in (收件人): one user's, or an organisation's, shared by its members.
public enum NoticeRecipient: Hashable, Sendable {
    case user(UserID)
    case organisation(OrganisationCode)

    /// The stored kind: `user` or `organisation`.
    public var kindCode: String {
        switch self {
        case .user: "user"
        case .organisation: "organisation"
        }
    }

    /// The stored key: the user's id or the organisation's code.
    public var key: String {
        switch self {
        case .user(let id): String(id.rawValue)
        case .organisation(let code): code.rawValue
        }
    }

    /// The recipient stored as `kindCode` and `key`; `nil` when malformed.
    public init?(kindCode: String, key: String) {
        switch kindCode {
        case "user":
            guard let id = Int64(key) else { return nil }
            self = .user(UserID(rawValue: id))
        case "organisation":
            self = .organisation(OrganisationCode(rawValue: key))
        default:
            return nil
        }
    }

    public var userID: UserID? {
        if case .user(let id) = self { return id }
        return nil
    }
}

/// A notice about to be written (待写通知): everything of a ``Notice`` but its id and read time.
public struct NoticeDraft: Hashable, Sendable {
    public var recipient: NoticeRecipient
    public var kind: NoticeKind
    public var subject: NoticeSubject
    public var title: LocalizedText
    public var body: LocalizedText
    /// Where the notice leads in the web front end (a path such as `/app/cases/12`).
    public var link: String
    public var createdAt: Date

    public init(recipient: NoticeRecipient, kind: NoticeKind, subject: NoticeSubject, title: LocalizedText, body: LocalizedText,
                link: String, createdAt: Date) {
        self.recipient = recipient
        self.kind = kind
        self.subject = subject
        self.title = title
        self.body = body
        self.link = link
        self.createdAt = createdAt
    }
}

/// One item of an inbox (通知): to a user or an organisation, of a kind, about a subject, with a
/// title and a body in both languages and a link; unread until `readAt` is set.
public struct Notice: Hashable, Sendable, Identifiable {
    /// Numbered by the store, 1, 2, 3… across all inboxes.
    public var id: Int64
    public var recipient: NoticeRecipient
    public var kind: NoticeKind
    public var subject: NoticeSubject
    public var title: LocalizedText
    public var body: LocalizedText
    public var link: String
    /// To the second.
    public var createdAt: Date
    /// When a reader marked it read (for an organisation, its first member who did), to the second.
    public var readAt: Date?

    public init(id: Int64, draft: NoticeDraft, readAt: Date? = nil) {
        self.id = id
        self.recipient = draft.recipient
        self.kind = draft.kind
        self.subject = draft.subject
        self.title = draft.title
        self.body = draft.body
        self.link = draft.link
        self.createdAt = draft.createdAt
        self.readAt = readAt
    }

    public var isRead: Bool { readAt != nil }
    /// The notice as a draft (what was written).
    public var draft: NoticeDraft {
        NoticeDraft(recipient: recipient, kind: kind, subject: subject, title: title, body: body, link: link, createdAt: createdAt)
    }
}
