import CityGridCore
import CityGridStore
import Foundation

/// Workflow steps (流转) in memory: the version check, the step, its follow-ups (merge checks by
/// ``MergeRule``, notices to whom ``NotificationRecipients`` names, spawned cases), the event and the
/// change log entry, all or nothing; and the clock's due list.
extension InMemoryCityStore {
    public func transition(caseID: CaseID, expectedVersion: Int?,
                           _ step: @Sendable @escaping (Case) throws(DomainError) -> StepOutcome) async throws -> StepResult {
        try locked { state in
            guard let current = state.cases[caseID] else { throw DomainError.notFound("case", caseID.description, field: "id") }
            if let expectedVersion, expectedVersion != current.version { throw StoreFailure.staleVersion(current: current.version) }
            let outcome = try step(current)
            try Self.check(outcome, over: current, state)
            return Self.apply(outcome, as: .caseStepped, &state)
        }
    }

    public func transitionMany(caseIDs: [CaseID], _ step: @Sendable (Case) -> StepOutcome?) async throws -> Int {
        // One transaction over several cases, each step seeing the ones before: on a copy.
        try transaction { state in
            var changed = 0
            for id in caseIDs {
                guard let current = state.cases[id] else { continue }
                guard let outcome = step(current) else {
                    // Nothing the clock can raise: it stops looking at the case until its next step.
                    state.nextLook[id] = nil
                    continue
                }
                try Self.check(outcome, over: current, state)
                _ = Self.apply(outcome, as: .caseAlerted, &state)
                changed += 1
            }
            return changed
        }
    }

    public func casesDueForAlert(at now: Date, limit: Int) async throws -> [CaseID] {
        let second = StoredForm.seconds(now)
        return try locked { state in
            state.nextLook.filter { $0.value <= second }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.prefix(max(0, limit)).map(\.key)
        }
    }

    // MARK: Primitives, called inside a critical section

    /// Everything that can refuse a step's write, checked before anything is written: the merge
    /// parent (``MergeRule``), the stored version, the keys of the events.
    static func check(_ outcome: StepOutcome, over current: Case, _ state: InMemoryState) throws {
        for followUp in outcome.followUps {
            switch followUp {
            case .requireOpenParent(let parentID, let child, let category, let openStates, let jurisdiction):
                try MergeRule.check(parent: state.cases[parentID], parentID: parentID, category: category, openStates: openStates,
                                    jurisdiction: jurisdiction, childDuplicates: children(of: child, state).count)
            case .spawn(let draft):
                try checkEvents(of: draft)
            case .notifyLeaders, .notifyReporter, .notifyMergedReporters:
                break
            }
        }
        guard state.cases[outcome.next.id]?.version == current.version else { throw StoreFailure.caseMoved() }
        if (state.events[outcome.event.caseID] ?? []).contains(where: { $0.sequence == outcome.event.sequence }) {
            throw StoreFailure.duplicate(field: "sequence")
        }
    }

    /// Writes a checked step: its follow-ups in order, the case, its event and its change log entry.
    static func apply(_ outcome: StepOutcome, as kind: ChangeLogEntry.Kind, _ state: inout InMemoryState) -> StepResult {
        var spawned: [Case] = []
        for followUp in outcome.followUps {
            switch followUp {
            case .requireOpenParent:
                break
            case .spawn(let draft):
                spawned.append(insert(draft, into: &state))
            case .notifyLeaders(let caseID, let region, let message):
                let leaders = state.usersInOrder.filter { $0.role == NotificationRecipients.escalationRole && $0.jurisdiction == region }
                notify(.caseEscalated, NotificationRecipients.escalation(of: caseID, region: region, among: leaders), message, at: outcome.event.at, &state)
            case .notifyReporter(let caseID, let reporterID, let message):
                notify(.caseClosed, [NotificationRecipients.Recipient(userID: reporterID, caseID: caseID)], message, at: outcome.event.at, &state)
            case .notifyMergedReporters(let caseID, let message):
                notify(.mergedEnded, NotificationRecipients.mergedReporters(of: children(of: caseID, state)), message, at: outcome.event.at, &state)
            }
        }
        let next = outcome.next
        state.cases[next.id] = StoredForm.case(next)
        state.nextLook[next.id] = ClockRule.nextLook(at: next).map(StoredForm.seconds)
        // Filed under the case the event names, as SQLite writes it.
        state.events[outcome.event.caseID, default: []].append(StoredForm.event(outcome.event))
        state.events[outcome.event.caseID]?.sort { $0.sequence < $1.sequence }
        state.log(kind, caseID: next.id, caseVersion: next.version)
        return StepResult(value: next, spawned: spawned)
    }

    /// Writes one notice of `kind` per recipient with its outbox rows, numbered as SQLite numbers rows.
    static func notify(_ kind: NoticeKind, _ recipients: [NotificationRecipients.Recipient], _ message: LocalizedText, at: Date, _ state: inout InMemoryState) {
        guard !recipients.isEmpty else { return }
        _ = state.noticeTables.insert(NoticeRules.notices(of: kind, message: message, recipients: recipients, forReporter: kind != .caseEscalated, at: at),
                                      users: state.users, contacts: state.contacts)
    }
}
