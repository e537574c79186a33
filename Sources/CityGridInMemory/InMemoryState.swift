import CityGridCore
import CityGridStore
import Foundation

/// Everything an ``InMemoryCityStore`` holds: the tables of the SQLite schema as Swift collections,
/// and the counters that number rows the way SQLite does (an `INTEGER PRIMARY KEY` takes one more
/// than the highest id held, so ids start again at 1 once a table is emptied).
struct InMemoryState: Sendable {
    // MARK: Configuration (the `meta` table holds the encoded texts, as SQLite does)

    var cityName: Data?
    var catalogue: Data?
    var calendar: Data?
    var workflowJSON: String?
    var regions: [RegionCode: Region] = [:]
    var grids: [RegionCode: UnitGrid] = [:]
    var organisations: [OrganisationCode: Organisation] = [:]
    var routingRules: [RoutingRule] = []
    var components: [String: Component] = [:]
    var configurationVersion: Int64 = 0

    // MARK: Identity

    var users: [UserID: User] = [:]
    var tokens: [String: Token] = [:]
    /// Password hashes and failed sign-ins, by user.
    var passwords: [UserID: Password] = [:]
    /// Citizens' contacts (personal data), normalised, to their users.
    var contacts: [String: UserID] = [:]
    /// One-time codes by contact, times to the second.
    var oneTimeCodes: [String: OneTimeCode] = [:]

    /// A user's password hash and failed sign-ins in a row (the last one's time to the second).
    struct Password: Sendable {
        var hash: String?
        var failures = 0
        var lastFailure: Int64?
    }

    /// A token as stored: its user and its times to the second.
    struct Token: Sendable {
        var userID: UserID
        var createdAt: Int64
        var expiresAt: Int64
    }

    // MARK: Cases

    /// The cases by id, in their stored form.
    var cases: [CaseID: Case] = [:]
    /// The ids of ``cases`` in ascending order (ids only grow until the table is emptied).
    var caseIDs: [CaseID] = []
    /// When the clock next looks at each case, in seconds (the `next_alert_at` column); absent: never.
    var nextLook: [CaseID: Int64] = [:]
    var events: [CaseID: [CaseEvent]] = [:]
    /// The last serial of each case number prefix.
    var serials: [String: Int] = [:]
    /// Notices, their outbox, preferences and cursors (the `notices` tables).
    var noticeTables = NoticeTables()
    /// Where reports came from, by case (the `case_origins` table).
    var origins: [CaseID: ReportOrigin] = [:]
    /// Outside clients' keys in id order, with their digests (the `api_keys` table).
    var apiKeys: [(key: ApiKey, hash: String)] = []
    var delegations: [Delegation] = []
    /// The audit of staff reads of personal data, in id order, append-only (the `personal_data_reads` table).
    var personalDataReads: [PersonalDataRead] = []

    // MARK: Media, change log, leases

    var media: [String: MediaInfo] = [:]
    /// The change log; entry `n` is at index `n - 1` (entries are never deleted).
    var changeLog: [ChangeLogEntry] = []
    var leases: [String: Lease] = [:]
    /// The points ledger, rewards, rules and awarding cursor (``PointsTables``).
    var points = PointsTables()

    /// A lease as stored: its holder and its end in milliseconds.
    struct Lease: Sendable {
        var holder: String
        var expiresAtMs: Int64
    }

    // MARK: Writing helpers

    /// Appends one change log entry, stamped with the writer's clock to the second.
    mutating func log(_ kind: ChangeLogEntry.Kind, caseID: CaseID? = nil, caseVersion: Int? = nil, userID: UserID? = nil, configVersion: Int64? = nil) {
        changeLog.append(ChangeLogEntry(sequence: Int64(changeLog.count) + 1, kind: kind, caseID: caseID, caseVersion: caseVersion, userID: userID,
                                        configVersion: configVersion, at: StoredForm.date(Date())))
    }

    /// Raises the configuration version and logs the configuration change.
    mutating func configurationChanged(_ kind: ChangeLogEntry.Kind) {
        precondition(kind.isConfiguration)
        configurationVersion += 1
        log(kind, configVersion: configurationVersion)
    }

    /// Deletes every case with its events, its serials and the notifications about it.
    mutating func deleteCases() {
        cases = [:]
        caseIDs = []
        nextLook = [:]
        events = [:]
        origins = [:]
        serials = [:]
        noticeTables.deleteCaseNotices()
    }

    /// Users in id order.
    var usersInOrder: [User] { users.values.sorted { $0.id < $1.id } }
}
