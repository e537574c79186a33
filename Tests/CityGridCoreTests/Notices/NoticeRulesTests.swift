import CityGridCore
import CityGridGeometry
import Foundation
import Testing

/// Who hears of what, and where: preferences with the inbox always on, deliveries by contact kind,
/// the notices of acceptance and dispatch, backoff.
@Suite struct NoticeRulesTests {
    static let at = Date(timeIntervalSince1970: 1_795_900_000)

    static func event(_ value: Case, from: CaseState?, to: CaseState, sequence: Int = 2) -> CaseEvent {
        CaseEvent(caseID: value.id, sequence: sequence, actorID: 7, role: .intakeOperator, action: .accept, at: at, fromState: from, toState: to, note: "")
    }

    static func citizenCase(source: CaseSource = .citizenApp, reporter: UserID? = 5, department: OrganisationCode? = nil) -> Case {
        var value = Case(id: 42, number: "E0102202611300001", category: CategoryCode("E0102")!, source: source,
                         location: GeoPoint(lon: 120.0005, lat: 30.0005), chain: GridChain(grid: RegionCode("910101001001001")!),
                         description: "garbage", reporterID: reporter, reportedAt: at, state: .reported)
        value.departmentCode = department
        return value
    }

    @Test func theInboxIsAlwaysOnAndDefaultsApplyToKindsNotChosen() throws {
        var preferences = NoticePreferences.defaults
        #expect(preferences.channels(for: .caseAccepted) == [.inbox])
        #expect(preferences.channels(for: .caseClosed) == [.inbox, .email, .sms])
        preferences.set(.caseClosed, to: [])
        preferences.set(.caseAccepted, to: [.email])
        #expect(preferences.channels(for: .caseClosed) == [.inbox])
        #expect(preferences.channels(for: .caseAccepted) == [.inbox, .email])
        #expect(preferences.channels(for: .mergedEnded) == [.inbox, .email, .sms])
        // Read from codes: the inbox may be named or not; kinds not named keep the base's choice.
        let read = try NoticePreferences(coded: ["case_dispatched": ["sms"], "case_closed": ["inbox"]], base: preferences)
        #expect(read.channels(for: .caseDispatched) == [.inbox, .sms])
        #expect(read.channels(for: .caseClosed) == [.inbox])
        #expect(read.channels(for: .caseAccepted) == [.inbox, .email])
        #expect(read.coded["case_dispatched"] == ["inbox", "sms"])
    }

    @Test func unknownKindsAndChannelsAreRefusedNamingTheField() {
        #expect(throws: DomainError(.invalid, code: "unknown_notice_kind", field: "preferences.case_exploded",
                                    zh: "没有这种通知：case_exploded", en: "No kind of notice case_exploded")) {
            try NoticePreferences(coded: ["case_exploded": ["sms"]])
        }
        do {
            _ = try NoticePreferences(coded: ["case_closed": ["pigeon"]])
            Issue.record("an unknown channel must be refused")
        } catch {
            #expect(error.code == "unknown_notice_channel" && error.field == "preferences.case_closed" && !error.message.zh.isEmpty)
        }
    }

    @Test func deliveriesGoOnlyWhereTheUserHasAnAddressOfThatKind() {
        let all = NoticePreferences([.caseAccepted: [.email, .sms]])
        #expect(NoticeRules.deliveries(of: .caseAccepted, preferences: all, contact: "+8613800138000")
                == [NoticeRules.Delivery(channel: .sms, address: "+8613800138000")])
        #expect(NoticeRules.deliveries(of: .caseAccepted, preferences: all, contact: "a@example.com")
                == [NoticeRules.Delivery(channel: .email, address: "a@example.com")])
        #expect(NoticeRules.deliveries(of: .caseAccepted, preferences: all, contact: nil).isEmpty)
        #expect(NoticeRules.deliveries(of: .caseAccepted, preferences: .defaults, contact: "+8613800138000").isEmpty)
        #expect(NoticeRules.deliveries(of: .caseAccepted, preferences: all, contact: "not an address").isEmpty)
    }

    @Test func acceptanceTellsTheCitizenReporterOnly() {
        let value = Self.citizenCase()
        let notices = NoticeRules.caseNotices(event: Self.event(value, from: .reported, to: .accepted), of: value)
        #expect(notices.map(\.recipient) == [.user(5)] && notices.map(\.kind) == [.caseAccepted])
        #expect(notices[0].link == "/portal/cases/42" && notices[0].body.zh.contains(value.number) && notices[0].createdAt == Self.at)
        // A staff or hotline report, or an anonymous one: nobody.
        #expect(NoticeRules.caseNotices(event: Self.event(value, from: .reported, to: .accepted), of: Self.citizenCase(source: .inspector)).isEmpty)
        #expect(NoticeRules.caseNotices(event: Self.event(value, from: .reported, to: .accepted), of: Self.citizenCase(reporter: nil)).isEmpty)
        // Other steps: nothing.
        #expect(NoticeRules.caseNotices(event: Self.event(value, from: .accepted, to: .filed), of: value).isEmpty)
    }

    @Test func aDispatchTellsTheReporterAndTheBodysInbox() {
        let value = Self.citizenCase(department: "D-WATER")
        let notices = NoticeRules.caseNotices(event: Self.event(value, from: .filed, to: .dispatched), of: value)
        #expect(notices.map(\.recipient) == [.user(5), .organisation("D-WATER")])
        #expect(notices.map(\.kind) == [.caseDispatched, .caseAssigned])
        #expect(notices[1].link == "/app/cases/42")
        // Back to dispatched after a refused extension or a failed check is no new dispatch.
        #expect(NoticeRules.caseNotices(event: Self.event(value, from: .disposed, to: .dispatched), of: value).isEmpty)
        // An event of another case is ignored.
        var other = Self.event(value, from: .filed, to: .dispatched)
        other.caseID = 43
        #expect(NoticeRules.caseNotices(event: other, of: value).isEmpty)
    }

    @Test func backoffDoublesFromThirtySecondsToSixHours() {
        #expect(NoticeRules.retryDelay(afterAttempts: 1) == 30)
        #expect(NoticeRules.retryDelay(afterAttempts: 2) == 60)
        #expect(NoticeRules.retryDelay(afterAttempts: 5) == 480)
        #expect(NoticeRules.retryDelay(afterAttempts: 30) == 6 * 3600)
    }
}
