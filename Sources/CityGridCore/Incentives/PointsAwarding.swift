import Foundation

/// Decides which ledger entries a case's history earns (积分发放判定), purely, from the facts it is
/// given: the case, its events, whether its reporter is a citizen (only citizens' accounts earn from
/// cases) and the device the report came from; for a case merged into another, that parent case.
///
/// - `report_filed`: the citizen reporter of a case that reached the filed state;
/// - `first_report`: a case filed that was not flagged as a likely duplicate, or a case that became
///   the parent of a merged duplicate;
/// - `invalid_report` / `spam_report`: a citizen's report rejected by one of the rules' invalid
///   actions, spam when the reason holds one of the rules' spam words;
/// - `claimed_fix_confirmed`: the volunteer who disposed of a claimed task, once it closes.
///
/// Every award carries a key unique to its reason and case, so deciding again from the same history
/// (a follower after a restart) writes nothing twice.
public enum PointsAwarding {
    /// What the awarding knows of one case.
    public struct CaseFacts: Sendable {
        public var value: Case
        public var events: [CaseEvent]
        public var reporterIsCitizen: Bool
        public var deviceID: String?
        /// The case this one was merged into, with what is known of its reporter.
        public var parent: Case?
        public var parentReporterIsCitizen: Bool
        public var parentDeviceID: String?

        public init(value: Case, events: [CaseEvent], reporterIsCitizen: Bool, deviceID: String? = nil, parent: Case? = nil,
                    parentReporterIsCitizen: Bool = false, parentDeviceID: String? = nil) {
            self.value = value
            self.events = events
            self.reporterIsCitizen = reporterIsCitizen
            self.deviceID = deviceID
            self.parent = parent
            self.parentReporterIsCitizen = parentReporterIsCitizen
            self.parentDeviceID = parentDeviceID
        }
    }

    /// The key that makes an award of `reason` for a case unique.
    public static func key(_ reason: PointsReason, caseID: CaseID) -> String { "\(reason.rawValue):case:\(caseID.rawValue)" }

    /// The awards and deductions the case's history earns, before anti-gaming.
    public static func awards(for facts: CaseFacts, rules: PointsRules) -> [PointsAward] {
        var out: [PointsAward] = []
        let c = facts.value
        if facts.reporterIsCitizen, let reporter = c.reporterID {
            if let filed = facts.events.first(where: { $0.toState == .filed }) {
                if let a = rules.award(.reportFiled, to: reporter, caseID: c.id, at: filed.at, grid: c.chain.grid, deviceID: facts.deviceID,
                                       key: key(.reportFiled, caseID: c.id)) { out.append(a) }
                if c.likelyDuplicateOf == nil,
                   let a = rules.award(.firstReport, to: reporter, caseID: c.id, at: filed.at, grid: c.chain.grid, deviceID: facts.deviceID,
                                       key: key(.firstReport, caseID: c.id)) { out.append(a) }
            }
            if let rejection = facts.events.first(where: { rules.invalidActions.contains($0.action) && $0.fromState != nil }) {
                let reason: PointsReason = rules.isSpam(rejection.note) ? .spamReport : .invalidReport
                // One deduction per case, whichever of the two it is.
                if let a = rules.award(reason, to: reporter, caseID: c.id, at: rejection.at, grid: c.chain.grid, deviceID: facts.deviceID,
                                       key: "deduction:case:\(c.id.rawValue)") { out.append(a) }
            }
        }
        // The confirmed fix of a claimed task: the volunteer who disposed of it earns once the case
        // closes (the check passed), whoever reported it; the reporter is the counterpart the
        // anti-gaming rules look at.
        if facts.events.contains(where: { $0.action == .claim }),
           let closed = facts.events.last(where: { $0.toState == .closed && $0.fromState != .closed }),
           let fix = facts.events.last(where: { [.dispose, .disposeClaimed].contains($0.action) && $0.role == .volunteer && $0.sequence < closed.sequence }),
           let claimer = fix.actorID,
           let a = claimedFixConfirmed(claimer: claimer, caseID: c.id, reporter: c.reporterID, grid: c.chain.grid, at: closed.at, rules: rules) {
            out.append(a)
        }
        if let parent = facts.parent, c.parentCaseID == parent.id, facts.parentReporterIsCitizen, let reporter = parent.reporterID, reporter != c.reporterID,
           let merged = facts.events.last(where: { $0.action == .merge }),
           let a = rules.award(.firstReport, to: reporter, caseID: parent.id, at: merged.at, grid: parent.chain.grid, deviceID: facts.parentDeviceID,
                               key: key(.firstReport, caseID: parent.id)) {
            out.append(a)
        }
        return out
    }

    /// The award for the confirmed fix of a claimed task: `claimer` earns it; the case's reporter is
    /// its counterpart (for the self-dealing and pairing rules). `nil` when the rules give it no points.
    public static func claimedFixConfirmed(claimer: UserID, caseID: CaseID, reporter: UserID?, grid: RegionCode?, deviceID: String? = nil, at: Date,
                                           rules: PointsRules) -> PointsAward? {
        rules.award(.claimedFixConfirmed, to: claimer, caseID: caseID, at: at, grid: grid, deviceID: deviceID, counterpart: reporter,
                    key: key(.claimedFixConfirmed, caseID: caseID))
    }

    /// The award for an adopted suggestion, unique by the suggestion's own reference.
    public static func suggestionAdopted(author: UserID, suggestion reference: String, grid: RegionCode?, at: Date, rules: PointsRules) -> PointsAward? {
        rules.award(.suggestionAdopted, to: author, caseID: nil, at: at, grid: grid, key: "suggestion_adopted:\(reference)")
    }

    /// The awards with the anti-gaming rules applied: each award judged against `history` and the
    /// awards before it in the list (as if already written), held with the finding's code when one fires.
    public static func screened(_ awards: [PointsAward], rules: PointsRules, history: [PointsEntry], links: AntiGaming.Links) -> [PointsAward] {
        var history = history
        var out: [PointsAward] = []
        for var award in awards {
            if let finding = rules.antiGaming.check(award, history: history, links: links) { award.heldReason = finding.rawValue }
            out.append(award)
            history.append(PointsEntry(id: PointsEntryID(0), account: award.account, delta: award.points, reason: award.reason, caseID: award.caseID,
                                       at: award.at, status: award.heldReason == nil ? .paid : .held, grid: award.grid, deviceID: award.deviceID,
                                       counterpart: award.counterpart, key: award.key))
        }
        return out
    }
}
