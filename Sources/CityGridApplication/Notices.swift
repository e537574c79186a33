import CityGridCore
import CityGridStore
import Foundation

/// One page of an inbox (收件箱): its notices, newest first, how many are unread in all, and the id
/// to page on from (`before`), when there may be more.
public struct InboxPage: Sendable {
    public var recipient: NoticeRecipient
    public var notices: [Notice]
    public var unread: Int
    public var nextBefore: Int64?
}

/// Notices (通知): a user's own inbox and the inboxes of their organisations, marking read, and
/// notice preferences. Every read and mark is decided by the policy: `notice.read` on the caller
/// themselves, `notice.organisation` on the organisation (its members, in the shipped policy).
extension CityApplication {
    /// The longest page of an inbox.
    public static let inboxPageLimit = 100

    /// The caller's own inbox, newest first, `limit` (1 to 100) notices with ids below `before`.
    public func inbox(for caller: Caller, before: Int64? = nil, limit: Int = 20) async throws -> InboxPage {
        try await page(of: try ownRecipient(caller), before: before, limit: limit)
    }

    /// The inbox of organisation `code`, for a caller the policy lets read it (a member). An unknown
    /// organisation is `notFound`; another organisation's inbox is `forbidden`.
    public func organisationInbox(_ code: OrganisationCode, for caller: Caller, before: Int64? = nil, limit: Int = 20) async throws -> InboxPage {
        try await page(of: try organisationRecipient(code, caller), before: before, limit: limit)
    }

    /// Marks those of `ids` that are in the caller's own inbox read; returns how many were unread.
    @discardableResult
    public func markNoticesRead(_ ids: [Int64], for caller: Caller, at now: Date = Date()) async throws -> Int {
        try await store.markNoticesRead(ids: try checkedIDs(ids), for: try ownRecipient(caller), at: now)
    }

    /// Marks every notice of the caller's own inbox read.
    @discardableResult
    public func markAllNoticesRead(for caller: Caller, at now: Date = Date()) async throws -> Int {
        try await store.markAllNoticesRead(for: try ownRecipient(caller), at: now)
    }

    /// Marks those of `ids` that are in organisation `code`'s inbox read.
    @discardableResult
    public func markOrganisationNoticesRead(_ code: OrganisationCode, _ ids: [Int64], for caller: Caller, at now: Date = Date()) async throws -> Int {
        let recipient = try organisationRecipient(code, caller)
        return try await store.markNoticesRead(ids: try checkedIDs(ids), for: recipient, at: now)
    }

    /// Marks every notice of organisation `code`'s inbox read.
    @discardableResult
    public func markAllOrganisationNoticesRead(_ code: OrganisationCode, for caller: Caller, at now: Date = Date()) async throws -> Int {
        try await store.markAllNoticesRead(for: try organisationRecipient(code, caller), at: now)
    }

    /// The organisations whose inboxes the caller may read (from their roles' organisations), in code order.
    public func inboxOrganisations(for caller: Caller) -> [Organisation] {
        let city = current.city
        let codes = Set(caller.grants.compactMap(\.organisationCode))
        return codes.sorted().compactMap { code in
            guard let organisation = city.organisations.first(where: { $0.code == code }),
                  policy.permits(caller, .noticeOrganisation, on: .organisation(code: code, jurisdiction: organisation.jurisdiction)) else { return nil }
            return organisation
        }
    }

    /// The caller's notice preferences (the defaults until they choose).
    public func noticePreferences(for caller: Caller) async throws -> NoticePreferences {
        let recipient = try ownRecipient(caller)
        return try await store.noticePreferences(userID: recipient.userID!)
    }

    /// Sets the caller's preferences from kind codes to channel codes (``NoticePreferences/init(coded:base:)``:
    /// kinds not named keep their choice); returns them as stored.
    @discardableResult
    public func setNoticePreferences(_ coded: [String: [String]], for caller: Caller) async throws -> NoticePreferences {
        let recipient = try ownRecipient(caller)
        let userID = recipient.userID!
        let preferences = try NoticePreferences(coded: coded, base: try await store.noticePreferences(userID: userID))
        try await store.setNoticePreferences(preferences, userID: userID)
        return try await store.noticePreferences(userID: userID)
    }

    private func ownRecipient(_ caller: Caller) throws(DomainError) -> NoticeRecipient {
        guard let user = caller.user else { throw AccessPolicy.unauthenticated }
        try policy.require(caller, .noticeRead, on: .person(id: user.id, organisationCode: user.organisationCode, jurisdiction: user.jurisdiction))
        return .user(user.id)
    }

    private func organisationRecipient(_ code: OrganisationCode, _ caller: Caller) throws(DomainError) -> NoticeRecipient {
        try policy.requireHolding(caller, .noticeOrganisation)
        guard let organisation = current.city.organisations.first(where: { $0.code == code }) else {
            throw DomainError.notFound(LocalizedText(zh: "单位", en: "organisation"), code.rawValue, field: "code")
        }
        try policy.require(caller, .noticeOrganisation, on: .organisation(code: code, jurisdiction: organisation.jurisdiction))
        return .organisation(code)
    }

    private func page(of recipient: NoticeRecipient, before: Int64?, limit: Int) async throws -> InboxPage {
        guard (1...Self.inboxPageLimit).contains(limit) else {
            throw DomainError(.invalid, code: "invalid_field", field: "limit", zh: "limit 须为1到\(Self.inboxPageLimit)",
                              en: "limit must be 1 to \(Self.inboxPageLimit)")
        }
        if let before, before < 1 {
            throw DomainError(.invalid, code: "invalid_field", field: "before", zh: "before 须为正整数", en: "before must be a positive whole number")
        }
        let notices = try await store.notices(for: recipient, before: before, limit: limit)
        let unread = try await store.unreadNoticeCount(for: recipient)
        return InboxPage(recipient: recipient, notices: notices, unread: unread, nextBefore: notices.count == limit ? notices.last?.id : nil)
    }

    private func checkedIDs(_ ids: [Int64]) throws(DomainError) -> [Int64] {
        guard ids.count <= 1000 else {
            throw DomainError(.tooLarge, code: "too_many_ids", field: "ids", zh: "一次最多标记1000条", en: "Mark at most 1000 notices at a time")
        }
        guard ids.allSatisfy({ $0 > 0 }) else {
            throw DomainError(.invalid, code: "invalid_field", field: "ids", zh: "ids 须为正整数", en: "ids must be positive whole numbers")
        }
        return ids
    }
}
