import CityGridCore
import Foundation

/// Filters and paging for listing cases. Every filter is optional; results are newest first.
public struct CaseQuery: Hashable, Sendable {
    public var states: Set<CaseState>
    /// A category code or a prefix of one: `E01` lists every city-appearance event.
    public var categoryPrefix: String?
    /// A region at any level: the case's grid code starts with it.
    public var region: RegionCode?
    public var departmentCode: OrganisationCode?
    /// Cases reported by this user.
    public var reporterID: UserID?
    /// With ``departmentCode``: also the cases this body was summoned to (whistle and report).
    public var includeSummoned = false
    /// Cases whose clock alert reached this level: 1 warned, 2 escalated.
    public var minimumAlertLevel: Int?
    /// Reported at or after.
    public var reportedFrom: Date?
    /// Reported before.
    public var reportedBefore: Date?
    /// Cases with an id below this one (keyset paging), or `nil` for the first page.
    public var beforeID: CaseID?
    public var limit: Int
    /// Only these cases, newest (highest id) first: candidates an index outside the store found (the
    /// live fact table's grid column, for one grid's cases), still tested against every other filter.
    /// `nil`: any case.
    public var ids: [CaseID]?
    /// Only cases whose clock runs (a stage is set: open and not parked). Says nothing the states do
    /// not already say when each listed state has a stage, but lets the SQLite store read its index
    /// of such cases by state instead of walking every case from the newest.
    public var clockRunning = false
    /// Only cases that took a step after their report (version above 1). Says nothing the states do
    /// not already say when none of them is the state reports land in; with ``clockRunning`` it lets
    /// the SQLite store read its index of stepped open cases by state.
    public var stepped = false
    /// The cases the caller may see (from the access policy); `nil`: no restriction (the command line,
    /// the system). Combined with the other filters by AND.
    public var visibility: CaseVisibility?

    public init(states: Set<CaseState> = [], categoryPrefix: String? = nil, region: RegionCode? = nil, departmentCode: OrganisationCode? = nil,
                reporterID: UserID? = nil, reportedFrom: Date? = nil, reportedBefore: Date? = nil, beforeID: CaseID? = nil, limit: Int = 50) {
        self.states = states
        self.categoryPrefix = categoryPrefix
        self.region = region
        self.departmentCode = departmentCode
        self.reporterID = reporterID
        self.reportedFrom = reportedFrom
        self.reportedBefore = reportedBefore
        self.beforeID = beforeID
        self.limit = limit
    }
}

/// One page of cases and the cursor for the next.
public struct CasePage: Sendable {
    public var cases: [Case]
    /// Pass as ``CaseQuery/beforeID`` for the next page; `nil` on the last page.
    public var nextBeforeID: CaseID?

    public init(cases: [Case], nextBeforeID: CaseID?) {
        self.cases = cases
        self.nextBeforeID = nextBeforeID
    }
}
