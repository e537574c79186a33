import CityGridCore
import Foundation
import Testing

/// Each anti-gaming rule fires on its pattern and not on ordinary use.
@Suite struct AntiGamingTests {
    let rules = AntiGaming(burstMaxAwards: 3, burstWindow: 3600, pairingMinCases: 3, pairingWindow: 30 * 86_400, selfDealing: true)
    let t0 = Date(timeIntervalSince1970: 1_795_900_000)

    func entry(_ account: UserID, at: Date, device: String? = nil, counterpart: UserID? = nil, caseID: CaseID? = nil, reason: PointsReason = .reportFiled) -> PointsEntry {
        PointsEntry(id: 1, account: account, delta: 5, reason: reason, caseID: caseID, at: at, deviceID: device, counterpart: counterpart)
    }

    func award(_ account: UserID, at: Date, device: String? = nil, counterpart: UserID? = nil, caseID: CaseID = 99) -> PointsAward {
        PointsAward(account: account, points: 5, reason: counterpart == nil ? .reportFiled : .claimedFixConfirmed, caseID: caseID, at: at, deviceID: device,
                    counterpart: counterpart, key: "k")
    }

    @Test func aBurstFromOneAccountIsHeld() {
        let history = (0..<3).map { entry(1, at: t0.addingTimeInterval(Double($0) * 60)) }
        #expect(rules.check(award(1, at: t0.addingTimeInterval(600)), history: history, links: .init()) == .burstAccount)
    }

    @Test func ordinaryReportingIsNoBurst() {
        // Three awards spread over hours, and another account's, are ordinary.
        let history = (0..<3).map { entry(1, at: t0.addingTimeInterval(Double($0) * 3000)) } + (0..<5).map { entry(2, at: t0.addingTimeInterval(Double($0))) }
        #expect(rules.check(award(1, at: t0.addingTimeInterval(9000)), history: history, links: .init()) == nil)
        // Two in the window: the third is still allowed.
        #expect(rules.check(award(1, at: t0.addingTimeInterval(6100)), history: Array(history.prefix(3)), links: .init()) == nil)
    }

    @Test func aBurstFromOneDeviceAcrossAccountsIsHeld() {
        let history = [entry(1, at: t0, device: "phone-A"), entry(2, at: t0.addingTimeInterval(60), device: "phone-A"), entry(3, at: t0.addingTimeInterval(120), device: "phone-A")]
        #expect(rules.check(award(4, at: t0.addingTimeInterval(180), device: "phone-A"), history: history, links: .init()) == .burstDevice)
        #expect(rules.check(award(4, at: t0.addingTimeInterval(180), device: "phone-B"), history: history, links: .init()) == nil)
    }

    @Test func linkedAccountsAwardingEachOtherAreHeld() {
        // Same contact: the claimer and the reporter are one person.
        let byContact = AntiGaming.Links(contacts: [10: "+8613800000001", 20: "+8613800000001"])
        #expect(rules.check(award(10, at: t0, counterpart: 20), history: [], links: byContact) == .selfDealing)
        // Same device: the reporter reported from the device the claimer uses.
        let byDevice = AntiGaming.Links(devices: [20: ["phone-A"]])
        #expect(rules.check(award(10, at: t0, device: "phone-A", counterpart: 20), history: [], links: byDevice) == .selfDealing)
        // One account on both sides: it reported the task it then claimed and fixed.
        #expect(rules.check(award(10, at: t0, counterpart: 10), history: [], links: AntiGaming.Links()) == .selfDealing)
    }

    @Test func unlinkedAccountsAreNoSelfDealing() {
        let links = AntiGaming.Links(devices: [10: ["phone-A"], 20: ["phone-B"]], contacts: [10: "+8613800000001", 20: "+8613800000002"])
        #expect(rules.check(award(10, at: t0, device: "phone-A", counterpart: 20), history: [], links: links) == nil)
        // Off in the rules: not held.
        var off = rules
        off.selfDealing = false
        #expect(off.check(award(10, at: t0, counterpart: 20), history: [], links: AntiGaming.Links(contacts: [10: "x", 20: "x"])) == nil)
    }

    @Test func aReporterAndAClaimerWhoKeepMeetingAreHeld() {
        // The claimer 10 fixed reporter 20's cases 1 and 2 this month; case 3 is the third meeting.
        let history = [entry(10, at: t0, counterpart: 20, caseID: 1, reason: .claimedFixConfirmed),
                       entry(10, at: t0.addingTimeInterval(86_400 * 3), counterpart: 20, caseID: 2, reason: .claimedFixConfirmed)]
        #expect(rules.check(award(10, at: t0.addingTimeInterval(86_400 * 5), counterpart: 20, caseID: 3), history: history, links: .init()) == .repeatedPairing)
    }

    @Test func occasionalMeetingsAreNoPairing() {
        let history = [entry(10, at: t0, counterpart: 20, caseID: 1, reason: .claimedFixConfirmed),
                       entry(10, at: t0.addingTimeInterval(86_400), counterpart: 30, caseID: 2, reason: .claimedFixConfirmed),
                       // The same case again (its own earlier entry) is one meeting, not two.
                       entry(10, at: t0.addingTimeInterval(86_400 * 2), counterpart: 20, caseID: 3, reason: .claimedFixConfirmed)]
        #expect(rules.check(award(10, at: t0.addingTimeInterval(86_400 * 4), counterpart: 20, caseID: 3), history: history, links: .init()) == nil)
        // Meetings older than the window do not count.
        let old = [entry(10, at: t0, counterpart: 20, caseID: 1), entry(10, at: t0.addingTimeInterval(60), counterpart: 20, caseID: 2)]
        #expect(rules.check(award(10, at: t0.addingTimeInterval(86_400 * 31), counterpart: 20, caseID: 3), history: old, links: .init()) == nil)
    }

    @Test func deductionsAreNeverHeld() {
        let history = (0..<10).map { entry(1, at: t0.addingTimeInterval(Double($0))) }
        var deduction = award(1, at: t0.addingTimeInterval(20))
        deduction.points = -5
        #expect(rules.check(deduction, history: history, links: .init()) == nil)
    }

    @Test func screeningCountsTheAwardsOfTheSameBatch() {
        var all = PointsRules.standard
        all.antiGaming = rules
        let batch = (0..<5).map { i in PointsAward(account: 1, points: 5, reason: .reportFiled, caseID: CaseID(Int64(i + 1)), at: t0.addingTimeInterval(Double(i)), key: "k\(i)") }
        let screened = PointsAwarding.screened(batch, rules: all, history: [], links: .init())
        #expect(screened.map { $0.heldReason != nil } == [false, false, false, true, true])
    }
}
