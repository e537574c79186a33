import CityGridCore
import CityGridStore

/// A ``CaseQuery`` as a test on stored cases, with SQLite's comparisons (codes and prefixes compared
/// byte by byte, times to the second), and the keyset-paged walk from the newest case.
struct CaseFilter {
    let query: CaseQuery

    init(_ query: CaseQuery) {
        self.query = query
    }

    /// One page: the matching cases with an id below the cursor, newest first, at most the limit
    /// (clamped to 1…1000), and the cursor of the next page when more match.
    func page(_ state: InMemoryState) -> CasePage {
        let limit = max(1, min(query.limit, 1000))
        var cases: [Case] = []
        func visit(_ id: CaseID) -> Bool {
            if let before = query.beforeID, id >= before { return true }
            guard let value = state.cases[id], matches(value) else { return true }
            cases.append(value)
            return cases.count <= limit
        }
        if let ids = query.ids {
            for id in ids where !visit(id) { break }
        } else {
            for id in state.caseIDs.reversed() where !visit(id) { break }
        }
        var next: CaseID?
        if cases.count > limit {
            cases.removeLast()
            next = cases.last?.id
        }
        return CasePage(cases: cases, nextBeforeID: next)
    }

    func matches(_ c: Case) -> Bool {
        if !query.states.isEmpty, !query.states.contains(c.state) { return false }
        if query.clockRunning, c.stage == nil { return false }
        if query.stepped, c.version <= 1 { return false }
        if let prefix = query.categoryPrefix, !Self.inRange(c.category.rawValue, from: prefix, below: prefix + "~") { return false }
        if let region = query.region, !Self.inRegion(c, region) { return false }
        if let department = query.departmentCode {
            let summoned = query.includeSummoned && Self.summons(c, department)
            if c.departmentCode != department, !summoned { return false }
        }
        if let visibility = query.visibility, !visibility.everything {
            let visible = (visibility.reporterID.map { $0 == c.reporterID } ?? false)
                || visibility.organisations.contains { c.departmentCode == $0 || Self.summons(c, $0) }
                || visibility.regions.contains { Self.inRegion(c, $0) }
            if !visible { return false }
        }
        if let level = query.minimumAlertLevel, c.alertLevel.rawValue < level { return false }
        if let reporter = query.reporterID, c.reporterID != reporter { return false }
        let reported = StoredForm.seconds(c.reportedAt)
        if let from = query.reportedFrom, reported < StoredForm.seconds(from) { return false }
        if let before = query.reportedBefore, reported >= StoredForm.seconds(before) { return false }
        return true
    }

    /// The case's grid code lies in `region` (SQLite: `grid_code >= region AND grid_code < region || ':'`).
    static func inRegion(_ c: Case, _ region: RegionCode) -> Bool {
        inRange(c.chain.grid.rawValue, from: region.rawValue, below: region.rawValue + ":")
    }

    /// A body was summoned to the case (a sub-task of its own).
    static func summons(_ c: Case, _ department: OrganisationCode) -> Bool {
        c.subtasks.contains { $0.departmentCode == department }
    }

    /// `low <= text < high`, comparing bytes as SQLite's binary collation does.
    static func inRange(_ text: String, from low: String, below high: String) -> Bool {
        !text.utf8.lexicographicallyPrecedes(low.utf8) && text.utf8.lexicographicallyPrecedes(high.utf8)
    }
}
