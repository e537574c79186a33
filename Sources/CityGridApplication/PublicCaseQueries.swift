import CityGridAnalytics
import CityGridCore
import CityGridGeometry
import CityGridStore
import Foundation

/// Which public cases to list (公开案件查询), and how many: every filter optional, by AND.
public struct PublicCaseFilter: Sendable, Hashable {
    /// Only these cases (Open311's `service_request_id`: overrides the other filters).
    public var ids: [CaseID]?
    public var categories: Set<CategoryCode>?
    public var region: RegionCode?
    /// Cases whose grid's point lies in this box.
    public var box: BoundingBox?
    public var reportedFrom: Date?
    public var reportedBefore: Date?
    public var updatedFrom: Date?
    public var updatedBefore: Date?
    /// `true` open, `false` closed (``PublicStatus/isOpen``).
    public var open: Bool?
    /// 1 for the first page.
    public var page = 1
    public var pageSize = 50
    /// Read each case's events for its timeline, reply and published description.
    public var withTimeline = true

    /// The largest page.
    public static let maxPageSize = 500

    public init() {}
}

/// A page of public cases, newest first.
public struct PublicCasePage: Sendable {
    public var cases: [PublicCaseView]
    /// More cases match beyond this page.
    public var more: Bool
}

/// The public's reads of cases: one case, a filtered list, the open cases near a point, and a
/// citizen's own reports. Open to anyone but ``myReports(_:)``; each answer is a ``PublicCaseView``.
extension CityApplication {
    /// One case as the public sees it; not found when it does not exist.
    public func publicCase(_ id: CaseID) async throws -> PublicCaseView {
        let current = self.current
        let value = try await current.service.caseByID(id)
        let events = try await store.events(caseID: id)
        return publicView(value, events: events, in: current)
    }

    /// The cases matching `filter`, newest first, a page at a time. The candidates come from the
    /// live fact table (every filter but the box's points is a column there); the page is then read
    /// by id, with its events when `withTimeline`.
    public func publicCases(_ filter: PublicCaseFilter) async throws -> PublicCasePage {
        guard (1...PublicCaseFilter.maxPageSize).contains(filter.pageSize) else {
            throw DomainError.invalidField("page_size", zh: "每页数量须在1到\(PublicCaseFilter.maxPageSize)之间", en: "page_size must be 1 to \(PublicCaseFilter.maxPageSize)")
        }
        guard filter.page >= 1, filter.page <= 100_000 else {
            throw DomainError.invalidField("page", zh: "页码须在1到100000之间", en: "page must be 1 to 100000")
        }
        let current = self.current
        var ids: [CaseID]
        var more = false
        if let wanted = filter.ids {
            ids = Array(Set(wanted)).sorted(by: >)
        } else {
            var facts = FactListFilter(categories: filter.categories, region: filter.region, reportedFrom: filter.reportedFrom,
                                       reportedBefore: filter.reportedBefore, updatedFrom: filter.updatedFrom,
                                       updatedBefore: filter.updatedBefore, open: filter.open)
            if let box = filter.box {
                let directory = self.directory(current)
                facts.grids = Set(directory.gridPoints.lazy.filter { box.contains($0.value) }.map(\.key))
            }
            let offset = (filter.page - 1) * filter.pageSize
            (ids, more) = current.facts.read { $0.caseIDs(matching: facts, offset: offset, limit: filter.pageSize) }
        }
        let values = try await store.cases(ids: ids).sorted { $0.id > $1.id }
        let events = filter.withTimeline ? try await store.events(caseIDs: values.map(\.id)) : [:]
        var views = values.map { publicView($0, events: events[$0.id], in: current) }
        // Read from the store, the case may have moved since the fact table saw it.
        if filter.ids != nil {
            views = views.filter { view in
                (filter.open.map { view.status.isOpen == $0 } ?? true) && (filter.categories.map { $0.contains(view.category) } ?? true)
            }
        }
        return PublicCasePage(cases: views, more: more)
    }

    /// The open cases of `category` (any when `nil`) within `radiusMetres` of `point`, nearest
    /// first, at most 10: the likely duplicates a citizen is shown before reporting.
    public func nearbyOpenCases(at point: GeoPoint, category: CategoryCode?, radiusMetres: Double = 150) async throws -> [PublicCaseView] {
        guard point.lon.isFinite, point.lat.isFinite, (-180...180).contains(point.lon), (-90...90).contains(point.lat) else {
            throw DomainError.invalidField("location", zh: "坐标无效", en: "location must be a longitude and a latitude")
        }
        let radius = min(max(radiusMetres, 10), 1000)
        let current = self.current
        let directory = self.directory(current)
        let projection = LocalProjection(origin: point)
        // Grids whose point lies within the radius and a grid's half-diagonal (about 100 m for 1 ha).
        func metres(_ p: GeoPoint) -> Double { let (x, y) = projection.toMetres(p); return (x * x + y * y).squareRoot() }
        let grids = Set(directory.gridPoints.lazy.filter { metres($0.value) <= radius + 150 }.map(\.key))
        guard !grids.isEmpty else { return [] }
        var filter = FactListFilter(categories: category.map { [$0] }, open: true)
        filter.grids = grids
        let (ids, _) = current.facts.read { $0.caseIDs(matching: filter, offset: 0, limit: 200) }
        let near = try await store.cases(ids: ids).filter { metres($0.location) <= radius && PublicStatus.of($0.state, in: current.city.workflow).isOpen }
            .sorted { metres($0.location) < metres($1.location) }.prefix(10)
        let events = try await store.events(caseIDs: near.map(\.id))
        return near.map { publicView($0, events: events[$0.id], in: current) }
    }

    /// The caller's own reports, newest first, as the public sees them but with their own
    /// description; a page of up to `limit` before `beforeID`.
    public func myReports(_ caller: Caller, beforeID: CaseID? = nil, limit: Int = 50) async throws -> [PublicCaseView] {
        guard let user = caller.user else { throw DomainError(.unauthenticated, code: "unauthenticated", zh: "请先登录", en: "Sign in first") }
        let current = self.current
        let query = CaseQuery(reporterID: user.id, beforeID: beforeID, limit: min(max(limit, 1), 200))
        let values = try await store.cases(query).cases
        let events = try await store.events(caseIDs: values.map(\.id))
        return values.map { value in
            var view = publicView(value, events: events[value.id], in: current)
            view.description = value.description
            return view
        }
    }

    func directory(_ current: Current) -> PublicDirectory {
        current.publicDirectory.get { PublicDirectory(current.city) }
    }

    /// `value` as the public sees it; `events` (its log) give the timeline, the published reply and
    /// photos, and whether staff published the description.
    func publicView(_ value: Case, events: [CaseEvent]?, in current: Current) -> PublicCaseView {
        let city = current.city
        let directory = self.directory(current)
        let entry = city.catalogue[value.category]
        func named(_ code: RegionCode) -> PublicCaseView.NamedRegion {
            .init(code: code, name: current.service.regions[code]?.name ?? LocalizedText(zh: code.rawValue, en: code.rawValue))
        }
        var timeline: [PublicEvent] = []
        var description: String?
        var reply: String?
        var photos: [String] = []
        for event in events ?? [] {
            if event.action == .publishDescription { description = value.description }
            guard let entry = PublicEvent.of(event, in: city.workflow, body: { $0.flatMap { directory.bodyNames[$0] } }, departmentAfter: value.departmentCode)
            else { continue }
            if entry.kind == .reply { reply = entry.text; photos = entry.media }
            timeline.append(entry)
        }
        let status = PublicStatus.of(value.state, in: city.workflow)
        return PublicCaseView(
            id: value.id, number: value.number, category: value.category,
            categoryName: entry?.name ?? LocalizedText(zh: value.category.rawValue, en: value.category.rawValue),
            group: city.catalogue.major(of: value.category), channel: value.source,
            place: directory.gridPoints[value.chain.grid] ?? value.location, grid: value.chain.grid,
            community: named(value.chain.community), subdistrict: named(value.chain.subdistrict), district: named(value.chain.district),
            status: status, requestedAt: value.reportedAt, updatedAt: value.updatedAt,
            expectedAt: status.isOpen ? (value.deadlineAt ?? value.caseDeadlineAt) : nil, closedAt: value.closedAt,
            agencyCode: value.departmentCode, agencyName: value.departmentCode.flatMap { directory.bodyNames[$0] },
            serviceNotice: entry.map { LocalizedText(zh: "结案标准：\($0.closingCondition.zh)；处置时限：\($0.timeLimit.label.zh)",
                                                    en: "Closed when: \($0.closingCondition.en); time limit: \($0.timeLimit.label.en)") },
            description: description, reply: reply, photos: photos, timeline: timeline,
            parentID: value.parentCaseID, duplicateOfID: value.likelyDuplicateOf, reopenedFromID: value.reopenedFromID)
    }
}

extension CityApplication {
    /// The case numbered `number` (an Open311 token), as the public sees it.
    public func publicCase(number: String) async throws -> PublicCaseView {
        guard number.count <= 40, number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw DomainError.notFound("token", number, field: "token")
        }
        guard let id = try await store.caseID(number: number) else { throw DomainError.notFound("token", number, field: "token") }
        return try await publicCase(id)
    }

    /// The categories reported at `point` have a body to go to: those routing sends somewhere there.
    /// Outside the city: refused, naming the place.
    public func servicesAt(_ point: GeoPoint) throws -> Set<CategoryCode> {
        let current = self.current
        let chain = try current.service.geocoder.locate(point)
        let routing = current.service.machine.environment.routing
        return Set(current.city.catalogue.entries.filter { routing.route($0, grid: chain.grid) != nil }.map(\.code))
    }
}

extension CityApplication {
    /// Every case as the public sees it, in id order, a batch at a time: open data (开放数据), the same
    /// view as the portal and Open311 give, with the published reply and timeline.
    public func openData(batchSize: Int = 2000) -> AsyncThrowingStream<[PublicCaseView], any Error> {
        let current = self.current
        let store = self.store
        let cases = store.allCases(batchSize: max(1, batchSize))
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await batch in cases {
                        let events = try await store.events(caseIDs: batch.map(\.id))
                        continuation.yield(batch.map { self.publicView($0, events: events[$0.id], in: current) })
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
