import CityGridCore
import CityGridGeometry
import Foundation

/// The storage interface: everything CityGrid keeps, behind one small protocol so that a backend
/// (SQLite today, PostgreSQL later) can be swapped without touching the domain.
///
/// Contract for every implementation:
/// - An acknowledged write is durable: when a method returns, its data survives a killed process.
/// - ``transition(caseID:expectedVersion:_:)`` loads, checks and writes in one transaction: the case
///   row and its event log entry change together or not at all, and of two concurrent steps on one
///   case at most one succeeds (the other gets a ``DomainError`` of kind `conflict`).
/// - A replace (``replaceCity(_:)``, ``replaceGrids(_:regions:)``) is all-or-nothing.
public protocol CityStore: CaseChangeFeed {
    /// Writes a whole city (regions, grids, organisations, catalogue, routing, calendar), its users
    /// and components, replacing what was there, cases included (it starts a city anew).
    func replaceCity(_ city: CityModel, users: [User], components: [Component]) async throws

    /// Replaces the grids and the regions above them, keeping everything else. Refused (`conflict`)
    /// while cases or components refer to the old grids, unless `force` deletes them; always refused
    /// while a user, an organisation or a routing rule names a region the new grids do not have.
    func replaceGrids(_ grids: [UnitGrid], regions: [Region], force: Bool) async throws

    /// Replaces the catalogue.
    func replaceCatalogue(_ catalogue: Catalogue) async throws

    /// Replaces the working-time calendar.
    func replaceCalendar(_ calendar: WorkCalendar) async throws

    /// The stored city, or `nil` when the store holds none yet.
    func loadCity() async throws -> CityModel?

    /// Adds or updates organisations (by code).
    func upsertOrganisations(_ organisations: [Organisation]) async throws

    /// Replaces the explicit routing rules.
    func replaceRoutingRules(_ rules: [RoutingRule]) async throws

    func componentCount() async throws -> Int
    func component(id: String) async throws -> Component?

    func users() async throws -> [User]
    func user(username: String) async throws -> User?
    /// Adds a user; the id in `user` is ignored and the stored one returned. A taken username is a
    /// `conflict`.
    func addUser(_ user: User) async throws -> User
    /// The user holding an unexpired token with this SHA-256 hash at `now`.
    func user(tokenHash: String, at now: Date) async throws -> User?
    func addToken(userID: Int64, tokenHash: String, createdAt: Date, expiresAt: Date) async throws
    /// Deletes every token of a user; returns how many.
    func revokeTokens(userID: Int64) async throws -> Int

    /// Writes one new case with its events; returns it with its id and number. Concurrent calls are
    /// committed together (group commit), each acknowledged only once durable.
    func createCase(_ draft: CaseDraft) async throws -> Case

    /// Writes many cases with their events in bulk (the simulator and imports).
    func insertCases(_ drafts: [CaseDraft]) async throws -> [Case]

    func caseByID(_ id: Int64) async throws -> Case?
    func cases(_ query: CaseQuery) async throws -> CasePage
    func events(caseID: Int64) async throws -> [CaseEvent]
    func caseCount() async throws -> Int

    /// Loads the case, runs `step` on it and writes the result, its event and its follow-ups (a new
    /// linked case, notifications, the check that a merge parent is still open) atomically. When
    /// `expectedVersion` is given and differs from the stored version, nothing runs: `conflict`.
    func transition(caseID: Int64, expectedVersion: Int?,
                    _ step: @Sendable @escaping (Case) throws(DomainError) -> StepOutcome) async throws -> StepResult

    /// Runs `step` on each of `caseIDs` in one transaction (the clock's alerts). A case for which
    /// `step` returns `nil` keeps its state but loses its alert mark (the clock stops looking at it
    /// until its next step). Returns how many changed.
    func transitionMany(caseIDs: [Int64], _ step: @Sendable (Case) -> StepOutcome?) async throws -> Int

    /// The ids of cases whose clock needs a look at `now` (a warning or an escalation is due), at most `limit`.
    func casesDueForAlert(at now: Date, limit: Int) async throws -> [Int64]

    /// The cases merged into `caseID`.
    func mergedChildren(of caseID: Int64) async throws -> [Case]

    /// A user's notifications, newest first.
    func notifications(userID: Int64, limit: Int) async throws -> [CaseNotification]

    /// Stores a workflow definition file's text (validated by the caller); refused (`conflict`) while
    /// cases are in a state the new definition does not have.
    func replaceWorkflow(json: String, states: Set<CaseState>) async throws

    /// The cases with these ids that exist, in id order (a follower reads again the cases the change
    /// log names).
    func cases(ids: [Int64]) async throws -> [Case]

    // MARK: The change log (变更日志)

    /// The change log's entries after `sequence`, oldest first, at most `limit`. Every durable change
    /// (a case reported, a step, the clock's alerts, a configuration or identity change) writes its
    /// entry in its own transaction, and entries become visible in sequence order: a follower that
    /// has read up to `sequence` and asks again never misses one that committed late.
    ///
    /// Every backend must number entries in commit order: SQLite does by its single writer (the
    /// number is taken inside the write transaction); PostgreSQL, with concurrent writers and
    /// sequences handed out before commit, needs a single-row counter updated in the transaction or a
    /// numbering done after commit (see `ChangeLog` in CityGridSQLite).
    func changes(after sequence: Int64, limit: Int) async throws -> [ChangeLogEntry]

    /// The sequence number of the newest entry (0 when the log is empty).
    func lastChangeSequence() async throws -> Int64

    /// The configuration version: 0 for a new store, raised by one in the same transaction as every
    /// configuration write (city, grids, catalogue, calendar, organisations, routing, workflow).
    /// ``loadCity()`` returns the version it read in ``CityModel/configurationVersion``.
    func configurationVersion() async throws -> Int64

    // MARK: Leases

    /// Takes or renews the lease `name` for `holder` until `now + duration`, if it is free, expired
    /// at `now`, or already `holder`'s: a compare-and-set in one write transaction, so of two
    /// contenders at most one holds it. Returns whether `holder` holds it now.
    func acquireLease(_ name: String, holder: String, now: Date, duration: TimeInterval) async throws -> Bool

    /// Gives the lease up early if `holder` holds it, so that another can take it at once.
    func releaseLease(_ name: String, holder: String) async throws

    /// Every case in id order, in batches of at most `batchSize` (exports, the fact table's full
    /// load). Pull-driven: a batch is read when the consumer asks for it, so memory stays at about
    /// one batch and a slow consumer slows the reading; cancelling the consuming task ends the
    /// stream. Each batch is its own read: a case changed during the stream is seen as it was when
    /// its batch was read.
    func allCases(batchSize: Int) -> AsyncThrowingStream<[Case], any Error>
}
