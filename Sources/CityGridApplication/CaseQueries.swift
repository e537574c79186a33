import CityGridCore
import CityGridService
import CityGridStore
import Foundation

/// Reading cases (案件查询): one case, its log, the list, merged duplicates and the caller's notices,
/// each scoped by the access policy.
extension CityApplication {
    /// One case with the actions offered to the caller; not found when the caller may not read it.
    /// Read through the recent reads (``recentCase(_:in:)``): never older than a write this process
    /// acknowledged, and as fresh as the live fact table for other processes' writes. The actions
    /// offered are those computed for the same caller on the same version, configuration and second,
    /// when there are any (``RecentCases/Offered``).
    public func caseView(_ id: CaseID, for caller: Caller, at now: Date = Date()) async throws -> CaseView {
        try policy.requireHolding(caller, .caseRead)
        let current = self.current
        let value = try await readableRecentCase(id, by: caller, in: current)
        let second = Int64(now.timeIntervalSince1970.rounded(.down))
        if let offers = recentCases.offers(of: id, version: value.version, to: caller, configuration: current.version, second: second) {
            var answer = view(value, in: current)
            answer.offers = offers
            return answer
        }
        let answer = view(value, in: current, offeredTo: caller, at: now)
        recentCases.remember(RecentCases.Offered(caller: caller, configuration: current.version, second: second, offers: answer.offers ?? []),
                             of: id, version: value.version)
        return answer
    }

    /// A readable case's log, oldest first.
    public func events(ofCase id: CaseID, for caller: Caller) async throws -> [CaseEventView] {
        try policy.requireHolding(caller, .caseRead)
        let current = self.current
        let value = try await readableCase(id, by: caller, in: current)
        let definition = current.city.workflow
        return try await store.events(caseID: value.id).map { event in
            CaseEventView(event: event, actionLabel: event.action == .report ? LocalizedText(zh: "上报", en: "Report") : definition.label(of: event.action))
        }
    }

    /// The cases the caller may read that match `request`, newest first: the union over the caller's
    /// roles of their own reports, their bodies' cases and their jurisdictions' cases. A region outside
    /// every jurisdiction of the caller is refused rather than answered empty. One grid's list is
    /// read through the live fact table, so over a million cases it costs no walk through them all.
    public func cases(_ request: CaseListRequest, for caller: Caller) async throws -> CaseListView {
        try policy.requireHolding(caller, .caseRead)
        let current = self.current
        let definition = current.city.workflow
        var query = CaseQuery()
        for name in request.states {
            let state = CaseState(rawValue: name)
            guard definition.states[state] != nil else {
                throw DomainError.invalidField("state", zh: "状态无效：\(name)",
                                               en: "Unknown state \(name); use \(definition.states.keys.map(\.rawValue).sorted().joined(separator: ", "))")
            }
            query.states.insert(state)
        }
        if let category = request.category {
            guard category.count <= 5, let first = category.first, first == "C" || first == "E", category.dropFirst().allSatisfy({ ("0"..."9").contains($0) }) else {
                throw DomainError.invalidField("category", zh: "类别须为 C/E 加至多4位数字", en: "category must be C or E followed by up to 4 digits")
            }
            query.categoryPrefix = category
        }
        query.region = request.region
        query.departmentCode = request.department.map { OrganisationCode($0) }
        query.reportedFrom = request.reportedFrom
        query.reportedBefore = request.reportedBefore
        query.beforeID = request.beforeID.map { CaseID($0) }
        guard (1...1000).contains(request.limit) else {
            throw DomainError.invalidField("limit", zh: "limit 须为1到1000", en: "limit must be 1 to 1,000")
        }
        query.limit = request.limit
        if let alert = request.alert {
            switch alert {
            case "warned": query.minimumAlertLevel = AlertLevel.warned.rawValue
            case "escalated": query.minimumAlertLevel = AlertLevel.escalated.rawValue
            default: throw DomainError.invalidField("alert", zh: "alert 须为 warned 或 escalated", en: "alert must be warned or escalated")
            }
        }
        let visibility = policy.caseVisibility(caller, .caseRead)
        if let region = query.region, !visibility.everything, !visibility.regions.isEmpty,
           !visibility.regions.contains(where: { $0.contains(region) || region.contains($0) }) {
            throw DomainError(.forbidden, code: "outside_jurisdiction", field: "region", zh: "该区域不在您的辖区内", en: "That region is outside your jurisdiction")
        }
        query.visibility = visibility
        // Say what the states imply, so that a store can use its index of open cases by state.
        query.clockRunning = !query.states.isEmpty && definition.clockedStates.isSuperset(of: query.states)
        // A case outside the state reports land in has taken a step.
        query.stepped = query.clockRunning && !query.states.contains(definition.initial)
        if let region = query.region, region.level == .grid {
            // One grid's cases come from the live fact table's grid column (the database keeps no index
            // on the grid, for intake's sake). It holds every write this process acknowledged and
            // other processes' writes as soon as the change follower has read them.
            query.ids = current.facts.read { $0.caseIDs(inGrid: region, before: query.beforeID) }
        }
        let page: CasePage
        if query.clockRunning, !query.stepped, query.ids == nil {
            page = try await initialStatePage(query, in: current)
        } else {
            page = try await store.cases(query)
        }
        return CaseListView(cases: page.cases.map { view($0, in: current) }, nextBeforeID: page.nextBeforeID)
    }

    /// A list that includes the state reports land in, read from two sides, each through an index:
    /// the new reports (version 1) as candidates from the live fact table, and the cases that took a
    /// step (sent back, verified, …) through the store's index of stepped open cases by state. The
    /// two pages are merged newest first; the cursor is the last case listed.
    private func initialStatePage(_ query: CaseQuery, in current: Current) async throws -> CasePage {
        var fresh = query
        fresh.ids = current.facts.read { $0.freshReportIDs(before: query.beforeID) }
        var stepped = query
        stepped.stepped = true
        async let freshPage = store.cases(fresh)
        async let steppedPage = store.cases(stepped)
        let (a, b) = try await (freshPage, steppedPage)
        let limit = max(1, min(query.limit, 1000))
        // A new report stepped by another process since the table was read may come from both sides.
        var seen = Set<CaseID>()
        var cases = (a.cases + b.cases).sorted { $0.id > $1.id }.filter { seen.insert($0.id).inserted }
        var next: CaseID?
        if cases.count > limit || (cases.count == limit && (a.nextBeforeID != nil || b.nextBeforeID != nil)) {
            cases.removeLast(cases.count - limit)
            next = cases.last?.id
        }
        return CasePage(cases: cases, nextBeforeID: next)
    }

    /// The reports merged into a readable case as duplicates, for roles holding ``Permission/caseDuplicates`` on it.
    public func duplicates(ofCase id: CaseID, for caller: Caller) async throws -> [CaseView] {
        try policy.requireHolding(caller, .caseDuplicates)
        let current = self.current
        let value = try await readableCase(id, by: caller, in: current)
        guard policy.permits(caller, .caseDuplicates, on: .caseRecord(value)) else {
            throw DomainError(.forbidden, code: "permission_denied", zh: "您的角色不能查看此案件合并的重复上报",
                              en: "None of your roles may see the reports merged into this case")
        }
        return try await store.mergedChildren(of: id).map { view($0, in: current) }
    }

    /// The caller's own notices, newest first.
    public func notifications(for caller: Caller, limit: Int) async throws -> [NotificationView] {
        guard let user = caller.user else { throw AccessPolicy.unauthenticated }
        guard (1...500).contains(limit) else { throw DomainError.invalidField("limit", zh: "limit 须为1到500", en: "limit must be 1 to 500") }
        return try await store.notifications(userID: user.id, limit: limit).map {
            NotificationView(id: $0.id, caseID: $0.caseID, message: $0.message, at: $0.at)
        }
    }
}
