import CityGridCore
import CityGridStore
import Foundation

/// Everything CityGrid holds about a signed-in person (我的数据), for them to download: their
/// account, their contact, their reports (the public view with their own description, the contact
/// they gave with it, their rating), their own steps on those reports, their notifications and their
/// points. Nothing about anyone else.
public struct CitizenDataExport: Sendable {
    public struct Report: Sendable {
        public var view: PublicCaseView
        /// The contact they left with the report, if any, in full (it is theirs).
        public var contact: ReporterContact?
        public var deviceID: String?
        public var solved: Bool?
        public var satisfaction: Satisfaction?
        /// Their own steps on it: the return visit, a reopening.
        public var ownSteps: [CaseEvent]
    }

    public var user: User
    public var contact: ContactAddress?
    public var reports: [Report]
    public var notices: [Notice]
    public var pointsBalance: Int
    public var pointsEntries: [PointsEntry]
    public var exportedAt: Date
}

extension CityApplication {
    /// The caller's own data (``CitizenDataExport``); 401 when nobody is signed in.
    public func myData(_ caller: Caller, at now: Date = Date()) async throws -> CitizenDataExport {
        guard let user = caller.user else { throw AccessPolicy.unauthenticated }
        let current = self.current
        var reports: [CitizenDataExport.Report] = []
        var before: CaseID?
        repeat {
            let page = try await store.cases(CaseQuery(reporterID: user.id, beforeID: before, limit: 200))
            let events = try await store.events(caseIDs: page.cases.map(\.id))
            for value in page.cases where value.reporterID == user.id {
                var view = publicView(value, events: events[value.id], in: current)
                view.description = value.description
                let origin = try await store.origin(ofCase: value.id)
                reports.append(CitizenDataExport.Report(view: view, contact: origin?.contact, deviceID: origin?.deviceID, solved: value.solved,
                                                        satisfaction: value.satisfaction,
                                                        ownSteps: (events[value.id] ?? []).filter { $0.actorID == user.id && $0.sequence > 1 }))
            }
            before = page.nextBeforeID
        } while before != nil
        var notices: [Notice] = []
        if policy.holds(caller, .noticeRead) {
            var cursor: Int64?
            repeat {
                let page = try await inbox(for: caller, before: cursor, limit: 100)
                notices += page.notices
                cursor = page.nextBefore
            } while cursor != nil
        }
        var entries: [PointsEntry] = []
        var after: PointsEntryID?
        while true {
            let page = try await store.pointsEntries(account: user.id, after: after, limit: 1000)
            entries += page
            guard let last = page.last, page.count == 1000 else { break }
            after = last.id
        }
        return CitizenDataExport(user: user, contact: try await store.contact(of: user.id).flatMap { try? ContactAddress(parsing: $0) },
                                 reports: reports, notices: notices, pointsBalance: try await store.pointsBalance(of: user.id),
                                 pointsEntries: entries, exportedAt: now)
    }

    /// Closes the signed-in citizen's account (注销账号), in one write: their contact, sign-in and
    /// sessions go, the account is renamed `closed-` and its id with the name 已注销用户 / Closed
    /// account, and the contact kept with their reports is removed; the reports stay in the loop.
    /// `confirmation` must be true (400 `confirmation_required`, field `confirm`). Refused: 401
    /// anonymous, 403 `not_a_citizen` for staff.
    public func closeAccount(_ caller: Caller, confirmation: Bool) async throws -> AccountClosure {
        guard let user = caller.user else { throw AccessPolicy.unauthenticated }
        guard user.grants.allSatisfy({ $0.role == .citizen }) else { throw AccountClosureRule.notACitizen }
        guard confirmation else {
            throw DomainError(.invalid, code: "confirmation_required", field: "confirm",
                              zh: "请勾选确认：注销后无法恢复", en: "Tick the confirmation: a closed account cannot be restored")
        }
        let closure = try await store.closeCitizenAccount(user.id, username: "closed-\(user.id.rawValue)",
                                                          displayName: Self.closedAccountName)
        current.service.callers.forget(userID: user.id)
        return closure
    }

    /// The name a closed account goes by.
    public static let closedAccountName = "已注销用户 Closed account"
}
