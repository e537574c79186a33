import Foundation

/// Who hears of what, and where (通知规则): pure functions the stores and the notice generator apply
/// to facts they read.
public enum NoticeRules {
    /// One outbox row to write beside a notice: the channel and the address it goes to.
    public struct Delivery: Hashable, Sendable {
        public var channel: NoticeChannel
        public var address: String

        public init(channel: NoticeChannel, address: String) {
            self.channel = channel
            self.address = address
        }
    }

    /// The external deliveries of a notice of `kind` to a user with `preferences` and `contact` (a
    /// normalised phone number or e-mail address, personal data; `nil`: none held): one per chosen
    /// external channel whose address kind matches the contact. An organisation has no address, so
    /// its notices stay in its inbox.
    public static func deliveries(of kind: NoticeKind, preferences: NoticePreferences, contact: String?) -> [Delivery] {
        guard let contact, let address = try? ContactAddress(parsing: contact) else { return [] }
        let chosen = preferences.channels(for: kind)
        return NoticeChannel.external.filter { chosen.contains($0) && $0.addressKind == address.kind }
            .map { Delivery(channel: $0, address: address.value) }
    }

    /// The path of a case's page: the portal's for a reporter's notices, the staff case page otherwise.
    public static func caseLink(_ id: CaseID, forReporter: Bool) -> String {
        forReporter ? "/portal/cases/\(id.rawValue)" : "/app/cases/\(id.rawValue)"
    }

    /// The notices a case event causes, beyond those its step writes itself (closing, merged
    /// reports, escalations; see ``notices(for:message:recipients:at:)``): read from the change log
    /// after the step, with the case as it is now.
    ///
    /// - a step into `accepted`: the reporter (a citizen who reported through the app or Open311)
    ///   hears their case is accepted;
    /// - a step from `filed` into `dispatched` (a dispatch): the reporter hears it is dispatched, and
    ///   the body it is dispatched to (the case's department) gets it in its organisation inbox.
    public static func caseNotices(event: CaseEvent, of value: Case) -> [NoticeDraft] {
        guard event.caseID == value.id else { return [] }
        let subject = NoticeSubject.caseRecord(value.id)
        let citizenReporter = value.source == .citizenApp || value.source == .open311 ? value.reporterID : nil
        var drafts: [NoticeDraft] = []
        if event.toState == .accepted, event.fromState != .accepted, let reporter = citizenReporter {
            drafts.append(NoticeDraft(recipient: .user(reporter), kind: .caseAccepted, subject: subject, title: NoticeKind.caseAccepted.label,
                                      body: LocalizedText(zh: "您上报的案件 \(value.number) 已受理", en: "Case \(value.number), which you reported, is accepted"),
                                      link: caseLink(value.id, forReporter: true), createdAt: event.at))
        }
        if event.toState == .dispatched, event.fromState == .filed {
            if let reporter = citizenReporter {
                drafts.append(NoticeDraft(recipient: .user(reporter), kind: .caseDispatched, subject: subject, title: NoticeKind.caseDispatched.label,
                                          body: LocalizedText(zh: "您上报的案件 \(value.number) 已派遣至处置单位", en: "Case \(value.number), which you reported, is dispatched to a body to dispose of it"),
                                          link: caseLink(value.id, forReporter: true), createdAt: event.at))
            }
            if let department = value.departmentCode {
                drafts.append(NoticeDraft(recipient: .organisation(department), kind: .caseAssigned, subject: subject, title: NoticeKind.caseAssigned.label,
                                          body: LocalizedText(zh: "案件 \(value.number) 已派遣至本单位，请及时处置", en: "Case \(value.number) is dispatched to your organisation: please dispose of it"),
                                          link: caseLink(value.id, forReporter: false), createdAt: event.at))
            }
        }
        return drafts
    }

    /// The notices of a step's follow-up: one per recipient ``NotificationRecipients`` names, of
    /// `kind`, with `message` as the body.
    public static func notices(of kind: NoticeKind, message: LocalizedText, recipients: [NotificationRecipients.Recipient],
                               forReporter: Bool, at: Date) -> [NoticeDraft] {
        recipients.map {
            NoticeDraft(recipient: .user($0.userID), kind: kind, subject: .caseRecord($0.caseID), title: kind.label, body: message,
                        link: caseLink($0.caseID, forReporter: forReporter), createdAt: at)
        }
    }

    /// The backoff before the next try after `attempts` failed ones: 30 s, then doubling, at most 6 hours.
    public static func retryDelay(afterAttempts attempts: Int) -> TimeInterval {
        min(30 * pow(2, Double(max(0, attempts - 1))), 6 * 3600)
    }

    /// Tries before an outbox row is given up (kept, failed, with its last error).
    public static let maxAttempts = 8
}
