import CityGridCore
import CityGridGeometry
import Foundation

/// A case as the public may see it (案件公开视图): the one view behind the citizen portal, Open311
/// and open data. It carries the category, the place snapped to its grid, the public status, the
/// dates, the responsible body's name, the case standard, the body's published reply and photos, and
/// the public timeline; never the reporter, their contact or device, staff names, internal notes, or
/// the reporter's description unless staff published it.
public struct PublicCaseView: Sendable, Hashable {
    public var id: CaseID
    public var number: String
    public var category: CategoryCode
    public var categoryName: LocalizedText
    /// The category's major class (Open311's `group`).
    public var group: MajorClass?
    /// The channel the report came in on.
    public var channel: CaseSource
    /// The grid's representative point, not the reported one.
    public var place: GeoPoint
    public var grid: RegionCode
    public var community: NamedRegion
    public var subdistrict: NamedRegion
    public var district: NamedRegion
    public var status: PublicStatus
    public var requestedAt: Date
    public var updatedAt: Date
    /// The deadline the body works to (the disposal deadline once dispatched, else the whole case's).
    public var expectedAt: Date?
    public var closedAt: Date?
    public var agencyCode: OrganisationCode?
    public var agencyName: LocalizedText?
    /// The category's case standard: when it is closed, and within what time.
    public var serviceNotice: LocalizedText?
    /// The reporter's description, only once staff published it.
    public var description: String?
    /// The body's latest published reply and its photos (`media:` references).
    public var reply: String?
    public var photos: [String]
    /// The public timeline, oldest first (empty when the view was made without the events).
    public var timeline: [PublicEvent]
    /// The case this one is merged into, its likely duplicate, and the closed case it reopens.
    public var parentID: CaseID?
    public var duplicateOfID: CaseID?
    public var reopenedFromID: CaseID?

    public struct NamedRegion: Sendable, Hashable {
        public var code: RegionCode
        public var name: LocalizedText
    }

    /// A status note in words: the public status, with the body and deadline, the merge or the reply.
    public var statusNote: LocalizedText {
        switch status {
        case .received: return LocalizedText(zh: "已收到，等待受理", en: "Received, waiting to be accepted")
        case .accepted: return LocalizedText(zh: "已受理，正在派往处置单位", en: "Accepted, being sent to the responsible body")
        case .inProgress:
            let due = expectedAt.map { ISOTime.format($0) }
            return LocalizedText(zh: "\(agencyName?.zh ?? "处置单位")处置中" + (due.map { "，期限 \($0)" } ?? ""),
                                 en: "Being fixed by \(agencyName?.en ?? "the responsible body")" + (due.map { ", due \($0)" } ?? ""))
        case .fixed: return LocalizedText(zh: "已处置，等待现场核查", en: "Fixed, waiting for the on-site check")
        case .closed:
            if let reply { return LocalizedText(zh: "已结案：\(reply)", en: "Closed: \(reply)") }
            return LocalizedText(zh: "已结案，现场核查通过", en: "Closed after the on-site check")
        case .notAccepted: return LocalizedText(zh: "不予受理：不属于城市管理问题或无法核实", en: "Not accepted: not a city-management problem, or it could not be verified")
        case .merged: return LocalizedText(zh: "与另一上报为同一问题，已合并处理", en: "The same problem as another report: followed there")
        }
    }
}

/// What the public views of one configuration need, built once per version: each grid's
/// representative point and each body's name.
struct PublicDirectory: Sendable {
    let gridPoints: [RegionCode: GeoPoint]
    let bodyNames: [OrganisationCode: LocalizedText]

    init(_ city: CityModel) {
        var points: [RegionCode: GeoPoint] = [:]
        points.reserveCapacity(city.grids.count)
        for grid in city.grids { points[grid.code] = grid.boundary.representativePoint }
        gridPoints = points
        bodyNames = Dictionary(city.organisations.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }
}
