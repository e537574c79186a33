import CityGridCore
import CityGridGeometry
import CityGridStore
import Foundation

/// Writing and reading cases (案件) in memory: numbering, events, duplicate marks and look-ups.
extension InMemoryCityStore {
    public func createCase(_ draft: CaseDraft) async throws -> Case {
        try locked { state in
            try Self.checkEvents(of: draft)
            return Self.insert(draft, into: &state)
        }
    }

    public func caseID(number: String) async throws -> CaseID? {
        try locked { state in state.cases.values.first { $0.number == number }?.id }
    }

    public func origin(ofCase id: CaseID) async throws -> ReportOrigin? {
        try locked { $0.origins[id] }
    }

    public func insertCases(_ drafts: [CaseDraft]) async throws -> [Case] {
        try locked { state in
            if drafts.first?.link != nil {
                throw DomainError(.invalid, code: "dangling_link", zh: "批量写入的第一个案件不能链接前一个", en: "The first draft of a batch cannot link to a previous one")
            }
            for draft in drafts { try Self.checkEvents(of: draft) }
            var written: [Case] = []
            written.reserveCapacity(drafts.count)
            for var draft in drafts {
                if let link = draft.link, let previous = written.last {
                    switch link {
                    case .mergedIntoPrevious: draft.value.parentCaseID = previous.id; draft.value.likelyDuplicateOf = previous.id
                    case .reopensPrevious: draft.value.reopenedFromID = previous.id
                    }
                }
                written.append(Self.insert(draft, into: &state))
            }
            return written
        }
    }

    public func caseByID(_ id: CaseID) async throws -> Case? {
        try locked { $0.cases[id] }
    }

    public func cases(_ query: CaseQuery) async throws -> CasePage {
        try locked { state in CaseFilter(query).page(state) }
    }

    public func cases(ids: [CaseID]) async throws -> [Case] {
        try locked { state in Set(ids).sorted().compactMap { state.cases[$0] } }
    }

    public func events(caseID: CaseID) async throws -> [CaseEvent] {
        try locked { $0.events[caseID] ?? [] }
    }

    public func events(caseIDs: [CaseID]) async throws -> [CaseID: [CaseEvent]] {
        try locked { state in
            var found: [CaseID: [CaseEvent]] = [:]
            for id in caseIDs { if let events = state.events[id], !events.isEmpty { found[id] = events } }
            return found
        }
    }

    public func caseCount() async throws -> Int {
        try locked { $0.cases.count }
    }

    public func mergedChildren(of caseID: CaseID) async throws -> [Case] {
        try locked { state in Self.children(of: caseID, state) }
    }

    public func notifications(userID: UserID, limit: Int) async throws -> [CaseNotification] {
        try await notices(for: .user(userID), before: nil, limit: limit).compactMap(CaseNotification.init(notice:))
    }

    // MARK: Primitives, called inside a critical section

    /// Refuses a draft whose events repeat a sequence number (the events' key is case and sequence).
    static func checkEvents(of draft: CaseDraft) throws {
        var seen = Set<Int>()
        for event in draft.events where !seen.insert(event.sequence).inserted { throw StoreFailure.duplicate(field: "sequence") }
    }

    /// Writes a checked draft: the next serial of its prefix, the duplicate mark, the next id, its
    /// events and its change log entry. Returns the case as written (its times as given).
    static func insert(_ draft: CaseDraft, into state: inout InMemoryState) -> Case {
        if let origin = draft.origin, let key = origin.requestKey,
           let made = state.origins.first(where: { $0.value.client == origin.client && $0.value.requestKey == key })?.key, let value = state.cases[made] {
            return value
        }
        let serial = (state.serials[draft.numberPrefix] ?? 0) + 1
        state.serials[draft.numberPrefix] = serial
        var value = draft.value
        value.number = CaseNumber.make(prefix: draft.numberPrefix, serial: serial)
        if let check = draft.duplicateCheck {
            value.likelyDuplicateOf = likelyDuplicate(of: value.category, near: value.location, check: check, state)
        }
        value.id = CaseID((state.caseIDs.last?.rawValue ?? 0) + 1)
        let stored = StoredForm.case(value)
        state.cases[value.id] = stored
        state.caseIDs.append(value.id)
        state.nextLook[value.id] = ClockRule.nextLook(at: value).map(StoredForm.seconds)
        state.events[value.id] = draft.events.map { event in
            var e = StoredForm.event(event)
            e.caseID = value.id
            return e
        }.sorted { $0.sequence < $1.sequence }
        if let origin = draft.origin { state.origins[value.id] = origin }
        state.log(.caseReported, caseID: value.id, caseVersion: value.version)
        return value
    }

    /// The case a new report likely duplicates, chosen by ``DuplicateRule`` among the candidates
    /// SQLite's look-up returns: at most ``DuplicateRule/candidateLimit`` open cases (a clock stage
    /// set) of the category in the search box, reported since the window's start (to the second), in
    /// the order of its index (latitude, longitude, report time, id).
    static func likelyDuplicate(of category: CategoryCode, near point: GeoPoint, check: CaseDraft.DuplicateCheck, _ state: InMemoryState) -> CaseID? {
        guard check.radiusMetres > 0 else { return nil }
        let box = DuplicateRule.searchBox(around: point, radiusMetres: check.radiusMetres)
        let since = StoredForm.seconds(check.since)
        let open = state.cases.values.filter { c in
            c.stage != nil && c.category == category && c.location.lat >= box.minLat && c.location.lat <= box.maxLat
                && c.location.lon >= box.minLon && c.location.lon <= box.maxLon && StoredForm.seconds(c.reportedAt) >= since
        }.sorted { a, b in
            (a.location.lat, a.location.lon, a.reportedAt, a.id) < (b.location.lat, b.location.lon, b.reportedAt, b.id)
        }
        let candidates = open.prefix(DuplicateRule.candidateLimit).map { c in
            DuplicateRule.Candidate(id: c.id, category: c.category, location: c.location, reportedAt: c.reportedAt,
                                    isDuplicate: c.likelyDuplicateOf != nil || c.parentCaseID != nil)
        }
        return DuplicateRule.choose(category: category, at: point, check: check, among: Array(candidates))
    }

    /// The cases merged into `parentID`, in id order.
    static func children(of parentID: CaseID, _ state: InMemoryState) -> [Case] {
        state.cases.values.filter { $0.parentCaseID == parentID }.sorted { $0.id < $1.id }
    }
}
