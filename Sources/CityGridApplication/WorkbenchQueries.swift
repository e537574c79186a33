import CityGridCore
import CityGridGeometry
import CityGridStore
import Foundation

/// The workbench of each role (工作台查询): the caller's work queues from the workflow definition
/// (``WorkflowDefinition/workQueues(for:)``), each read through the same scoped case list as the API
/// (``cases(_:for:)`` with the queue's state), so a queue lists exactly what
/// `GET /api/v1/cases?state=…&limit=…` lists for the caller.
extension CityApplication {
    /// How many cases a queue lists.
    public static let workbenchQueueLimit = 20
    /// The most store queries a workbench makes: the queues' and the overdue cases' lists and the
    /// likely duplicates come first; the logs of duplicate pairs (for their photos, two reads a pair)
    /// only as far as the rest allows.
    public static let workbenchQueryBudget = 8

    /// The caller's workbench. Each queue lists its newest ``workbenchQueueLimit`` cases, soonest stage
    /// deadline first (no deadline last); with `near`, nearest first, each with its distance. One store
    /// query per queue (run side by side), one for the overdue cases of supervising roles, one for the
    /// likely duplicates, and the logs of as many pairs as ``workbenchQueryBudget`` leaves room for.
    public func workbench(for caller: Caller, near: GeoPoint? = nil, limit: Int = CityApplication.workbenchQueueLimit,
                          at now: Date = Date()) async throws -> WorkbenchView {
        try policy.requireHolding(caller, .caseRead)
        let current = self.current
        let definition = current.city.workflow
        let roles = caller.user?.grants.map(\.role) ?? []
        let workQueues = definition.workQueues(for: roles)
        let supervises = definition.supervises(roles)
        var requests: [CaseListRequest] = workQueues.map { queue in
            var request = CaseListRequest()
            request.states = [queue.state.rawValue]
            request.limit = limit
            return request
        }
        if supervises {
            var request = CaseListRequest()
            request.alert = "escalated"
            request.limit = limit
            requests.append(request)
        }
        // The lists, side by side; each exactly the API's list for its filter.
        let lists = try await withThrowingTaskGroup(of: (Int, [Case]).self) { group in
            for (i, request) in requests.enumerated() {
                group.addTask { (i, try await self.cases(request, for: caller).cases.map(\.value)) }
            }
            var lists = [[Case]](repeating: [], count: requests.count)
            for try await (i, cases) in group { lists[i] = cases }
            return lists
        }
        func items(_ cases: [Case]) -> [WorkbenchItem] {
            cases.map { value in
                var item = WorkbenchItem(view: view(value, in: current, offeredTo: caller, at: now))
                if let near { item.distanceMetres = Self.metres(near, value.location) }
                return item
            }
        }
        var queues = workQueues.enumerated().map { WorkbenchQueue(queue: $1, items: items(lists[$0])) }
        var overdue = supervises ? items(lists[workQueues.count]) : nil
        // Likely duplicates side by side, where the caller may merge (an offer needs the parent case):
        // the open cases flagged at intake, read in one query.
        func mayMerge(_ item: WorkbenchItem) -> Bool { item.view.offers?.contains { $0.needs.contains(.parentCase) } ?? false }
        let parentIDs = Set(queues.flatMap { $0.items.filter(mayMerge).compactMap(\.view.value.likelyDuplicateOf) })
        if !parentIDs.isEmpty {
            let parents = try await store.cases(ids: parentIDs.sorted { $0.rawValue < $1.rawValue })
                .filter { policy.permits(caller, .caseRead, on: .caseRecord($0)) }
            let byID = Dictionary(parents.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let photoPairs = max(0, (Self.workbenchQueryBudget - requests.count - 1) / 2)
            var pairs = 0
            for q in queues.indices {
                for i in queues[q].items.indices {
                    guard mayMerge(queues[q].items[i]), let parentID = queues[q].items[i].view.value.likelyDuplicateOf,
                          let parent = byID[parentID] else { continue }
                    queues[q].items[i].likelyDuplicate = view(parent, in: current)
                    guard pairs < photoPairs else { continue }
                    pairs += 1
                    queues[q].items[i].photo = try await firstPhoto(of: queues[q].items[i].view.value.id)
                    queues[q].items[i].duplicatePhoto = try await firstPhoto(of: parentID)
                }
            }
        }
        for q in queues.indices { queues[q].items.sort(by: Self.sooner) }
        overdue?.sort(by: Self.sooner)
        return WorkbenchView(queues: queues, overdue: overdue)
    }

    /// The first photo named in a case's log (of a case the caller may read).
    private func firstPhoto(of id: CaseID) async throws -> String? {
        for event in try await store.events(caseID: id) {
            if let id = MediaReference.ids(in: event.attachments).first { return id }
        }
        return nil
    }

    /// Nearest first when distances are known; else the soonest stage deadline (the disposal
    /// deadline when no stage runs), cases without one last; then newest first.
    static func sooner(_ a: WorkbenchItem, _ b: WorkbenchItem) -> Bool {
        if let da = a.distanceMetres, let db = b.distanceMetres, da != db { return da < db }
        let ta = a.view.value.stageDeadlineAt ?? a.view.value.deadlineAt, tb = b.view.value.stageDeadlineAt ?? b.view.value.deadlineAt
        switch (ta, tb) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.view.value.id.rawValue > b.view.value.id.rawValue
        }
    }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    static func metres(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let r = 6_371_008.8, rad = Double.pi / 180
        let dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * rad) * cos(b.lat * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }
}
