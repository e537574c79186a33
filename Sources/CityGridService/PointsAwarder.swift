import CityGridCore
import CityGridStore
import Foundation

/// Writes the incentive points (积分发放) the cases earn, following the change log from the cursor
/// the store keeps beside the ledger: the awards of a batch and the cursor after it are written in
/// one transaction, and every award carries a unique key, so each award is written once even when
/// the follower restarts or two processes follow the same store.
///
/// It also writes the awards the other parts of CityGrid decide (a claimed task's confirmed fix, an
/// adopted suggestion) through ``award(_:)``, with the same anti-gaming screening.
public final class PointsAwarder: Sendable {
    public let store: any CityStore

    public init(store: any CityStore) {
        self.store = store
    }

    /// The rules in force: the file the city set, else the shipped ones.
    public func rules() async throws -> PointsRules {
        guard let json = try await store.pointsRulesJSON() else { return .standard }
        return try PointsRulesFile.parse(Data(json.utf8))
    }

    /// A change follower from the saved cursor, delivering to this awarder (run it as a service).
    public func follower(interval: Duration = .milliseconds(500), onError: @escaping @Sendable (any Error) -> Void = { _ in }) async throws -> ChangeFollower {
        let follower = ChangeFollower(store: store, after: try await store.pointsCursor(), interval: interval, onError: onError)
        follower.onEntries { [self] entries in try await consume(entries) }
        return follower
    }

    /// Awards what the cases of `entries` earned, and saves the cursor after them.
    @discardableResult
    public func consume(_ entries: [ChangeLogEntry]) async throws -> [PointsEntry] {
        guard let last = entries.last else { return [] }
        var seen = Set<CaseID>()
        let ids = entries.compactMap { $0.kind.isCase ? $0.caseID : nil }.filter { seen.insert($0).inserted }
        let rules = try await rules()
        var awards: [PointsAward] = []
        for id in ids {
            guard let value = try await store.caseByID(id) else { continue }
            let events = try await store.events(caseID: id)
            var facts = PointsAwarding.CaseFacts(value: value, events: events, reporterIsCitizen: Self.reportedByCitizen(events),
                                                 deviceID: try await store.origin(ofCase: id)?.deviceID)
            if value.state == .merged, let parentID = value.parentCaseID, let parent = try await store.caseByID(parentID) {
                facts.parent = parent
                facts.parentReporterIsCitizen = Self.reportedByCitizen(try await store.events(caseID: parentID))
                facts.parentDeviceID = try await store.origin(ofCase: parentID)?.deviceID
            }
            awards += PointsAwarding.awards(for: facts, rules: rules)
        }
        return try await post(awards, rules: rules, cursor: last.sequence)
    }

    /// Writes an award decided elsewhere (a claimed task's confirmed fix, an adopted suggestion),
    /// screened by the anti-gaming rules; the entry written, or `nil` (already written, or the cap used up).
    public func award(_ award: PointsAward) async throws -> PointsEntry? {
        try await post([award], rules: try await rules(), cursor: nil).first
    }

    private func post(_ awards: [PointsAward], rules: PointsRules, cursor: Int64) async throws -> [PointsEntry] {
        try await post(awards, rules: rules, cursor: Optional(cursor))
    }

    private func post(_ awards: [PointsAward], rules: PointsRules, cursor: Int64?) async throws -> [PointsEntry] {
        guard let earliest = awards.map(\.at).min() else {
            if let cursor { try await store.postPoints([], cursor: cursor) }
            return []
        }
        let window = max(rules.antiGaming.burstWindow, rules.antiGaming.pairingWindow)
        let history = try await store.pointsEntries(since: earliest.addingTimeInterval(-window))
        let links = try await links(for: awards, history: history)
        let screened = PointsAwarding.screened(awards, rules: rules, history: history, links: links)
        return try await store.postPoints(screened, cursor: cursor)
    }

    /// The facts the self-dealing rule needs: the devices each account was awarded from, and the
    /// contacts of the accounts and counterparts of awards that have a counterpart.
    private func links(for awards: [PointsAward], history: [PointsEntry]) async throws -> AntiGaming.Links {
        var links = AntiGaming.Links()
        let people = Set(awards.filter { $0.counterpart != nil }.flatMap { [$0.account, $0.counterpart!] })
        guard !people.isEmpty else { return links }
        for entry in history where people.contains(entry.account) {
            if let device = entry.deviceID { links.devices[entry.account, default: []].insert(device) }
        }
        for award in awards where people.contains(award.account) {
            if let device = award.deviceID { links.devices[award.account, default: []].insert(device) }
        }
        for person in people {
            if let contact = try await store.contact(of: person) { links.contacts[person] = contact }
        }
        return links
    }

    /// Whether the case was reported by a citizen (the role of its report event): only citizens'
    /// accounts earn from cases.
    static func reportedByCitizen(_ events: [CaseEvent]) -> Bool {
        events.first?.role == .citizen && events.first?.actorID != nil
    }
}
