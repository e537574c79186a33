import CityGridGeometry
import Foundation

/// A case (案件): one problem in public space, from report to closure.
///
/// A case is a value: the workflow machine takes one and an action and returns the next one with the
/// event that records the step. ``version`` grows by one at every step; the store refuses to write a
/// step computed from a stale version, so two concurrent steps never both succeed.
public struct Case: Hashable, Codable, Sendable, Identifiable {
    public var id: Int64
    /// The case number, e.g. `E0102202611290007`.
    public var number: String
    public var category: CategoryCode
    public var source: CaseSource
    public var location: GeoPoint
    public var chain: GridChain
    public var description: String
    /// The user who reported it (0 for anonymous and system channels).
    public var reporterID: Int64
    /// A registered component the report is about, if any.
    public var componentID: String?
    public var state: CaseState
    /// The body the case is dispatched to.
    public var departmentCode: String?
    public var reportedAt: Date
    public var acceptedAt: Date?
    public var filedAt: Date?
    public var dispatchedAt: Date?
    public var disposedAt: Date?
    public var checkedAt: Date?
    public var closedAt: Date?
    /// The effective disposal deadline, in working time from dispatch (处置时限).
    public var deadlineAt: Date?
    public var reworkCount: Int
    public var extensionCount: Int
    public var returnCount: Int
    public var suspendedSeconds: Int64
    /// The reporter's satisfaction at the return visit, if recorded.
    public var satisfaction: String?
    public var version: Int

    public var kind: CaseKind { category.kind }

    public init(id: Int64, number: String, category: CategoryCode, source: CaseSource, location: GeoPoint, chain: GridChain,
                description: String, reporterID: Int64, componentID: String? = nil, reportedAt: Date) {
        self.id = id
        self.number = number
        self.category = category
        self.source = source
        self.location = location
        self.chain = chain
        self.description = description
        self.reporterID = reporterID
        self.componentID = componentID
        self.state = .reported
        self.reportedAt = reportedAt
        self.reworkCount = 0
        self.extensionCount = 0
        self.returnCount = 0
        self.suspendedSeconds = 0
        self.version = 1
    }

    /// True when disposed by the deadline, `nil` while not disposed or without a deadline.
    public var disposedOnTime: Bool? {
        guard let disposedAt, let deadlineAt else { return nil }
        return disposedAt <= deadlineAt
    }
}
