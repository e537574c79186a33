import CityGridCore
import Foundation

/// The cases (案件) and what hangs off them: their event logs, the notifications their steps send,
/// the clock's due list.
///
/// Contract:
/// - An acknowledged write is durable: when a method returns, its data survives a killed process
///   (an in-memory store: for as long as it lives).
/// - A new case gets the next id (1 more than the highest held: 1 again once the cases are gone)
///   and a number made of its draft's prefix and the next 6-digit serial of that prefix
///   (``CaseNumber``), from 1; each of its events gets its id. A case carrying a ``CaseDraft/DuplicateCheck`` is marked as a likely
///   duplicate by ``DuplicateRule``, among the open cases (a clock stage set) of its category.
/// - Times are kept to the second (rounded down), as are the dates in a case's stage log.
/// - Every new case, step and alert appends one case entry to the change log with the case's id and
///   new version (``ChangeLogEntry/Kind/caseReported``, ``ChangeLogEntry/Kind/caseStepped``,
///   ``ChangeLogEntry/Kind/caseAlerted``).
/// - ``transition(caseID:expectedVersion:_:)`` loads, checks and writes in one transaction: the case
///   row, its event, its follow-ups and its log entry change together or not at all, and of two
///   concurrent steps on one case at most one succeeds (the other gets a `conflict`).
/// - A draft with an ``CaseDraft/origin`` stores it beside the case in the same transaction; a draft
///   whose origin's client and request key are already stored writes nothing and answers the case
///   they made (a client's retry), in a batch as alone.
/// - The clock looks at a case at ``ClockRule/nextLook(at:)`` of its stored state.
public protocol CaseStore: CaseChangeFeed {
    /// Writes one new case with its events; returns it with its id and number. Concurrent calls may
    /// be committed together (group commit), each acknowledged only once durable.
    func createCase(_ draft: CaseDraft) async throws -> Case

    /// Where a case's report came from (``CaseDraft/origin``), if it was given.
    func origin(ofCase id: CaseID) async throws -> ReportOrigin?

    /// Writes many cases with their events in one transaction (the simulator and imports), in
    /// order; a draft's ``CaseDraft/link`` names the case written just before it. The first draft
    /// cannot link (`invalid`, `dangling_link`): nothing is written.
    func insertCases(_ drafts: [CaseDraft]) async throws -> [Case]

    /// One case as stored, or `nil`.
    func caseByID(_ id: CaseID) async throws -> Case?

    /// The id of the case numbered `number`, if any.
    func caseID(number: String) async throws -> CaseID?

    /// The cases matching `query`, newest (highest id) first, at most `query.limit` (clamped to
    /// 1…1000) per page; ``CasePage/nextBeforeID`` is set only when more match.
    func cases(_ query: CaseQuery) async throws -> CasePage

    /// The cases with these ids that exist, in id order, each once (a follower reads again the cases
    /// the change log names).
    func cases(ids: [CaseID]) async throws -> [Case]

    /// A case's event log, in sequence order (empty for an unknown case).
    func events(caseID: CaseID) async throws -> [CaseEvent]

    /// The events of each of `caseIDs` that exists, oldest first, read in one snapshot.
    func events(caseIDs: [CaseID]) async throws -> [CaseID: [CaseEvent]]

    /// How many cases are stored.
    func caseCount() async throws -> Int

    /// Loads the case, runs `step` on it and writes the result, its event and its follow-ups (a new
    /// linked case, notifications, the check that a merge parent is still open, by ``MergeRule`` and
    /// ``NotificationRecipients``) atomically. An unknown case is `notFound`; when `expectedVersion`
    /// is given and differs from the stored version, nothing runs: `conflict` (`version_conflict`,
    /// field `expected_version`). A step or follow-up that throws writes nothing.
    func transition(caseID: CaseID, expectedVersion: Int?,
                    _ step: @Sendable @escaping (Case) throws(DomainError) -> StepOutcome) async throws -> StepResult

    /// Runs `step` on each of `caseIDs` in one transaction (the clock's alerts); unknown ids are
    /// skipped. A case for which `step` returns `nil` keeps its state but loses its alert mark (the
    /// clock stops looking at it until its next step). Returns how many changed.
    func transitionMany(caseIDs: [CaseID], _ step: @Sendable (Case) -> StepOutcome?) async throws -> Int

    /// The ids of cases whose clock needs a look at `now` (their next look is at or before it), the
    /// earliest look first, at most `limit`.
    func casesDueForAlert(at now: Date, limit: Int) async throws -> [CaseID]

    /// The cases merged into `caseID`, in id order.
    func mergedChildren(of caseID: CaseID) async throws -> [Case]

    /// A user's notifications, newest first, at most `limit`.
    func notifications(userID: UserID, limit: Int) async throws -> [CaseNotification]

    /// Every case in id order, in batches of at most `batchSize` (exports, the fact table's full
    /// load). Pull-driven: a batch is read when the consumer asks for it, so memory stays at about
    /// one batch and a slow consumer slows the reading; cancelling the consuming task ends the
    /// stream. Each batch is its own read: a case changed during the stream is seen as it was when
    /// its batch was read.
    func allCases(batchSize: Int) -> AsyncThrowingStream<[Case], any Error>
}
