import CityGridCore
import Foundation

/// A case as one caller sees it (案件视图): the case, the names its codes have in the configuration
/// the request ran with, and — for a single case — the actions offered to this caller, each with the
/// inputs it needs (the union over the caller's roles that may act on it; the first role offering
/// an action is the one that takes it).
public struct CaseView: Sendable {
    public var value: Case
    public var categoryName: LocalizedText?
    public var stateLabel: LocalizedText
    /// `nil` in lists (the actions are offered on a single case).
    public var offers: [ActionOffer]?
    /// After a step: the cases it opened (a reopening).
    public var created: [CaseView]?

    public init(value: Case, categoryName: LocalizedText?, stateLabel: LocalizedText, offers: [ActionOffer]? = nil, created: [CaseView]? = nil) {
        self.value = value
        self.categoryName = categoryName
        self.stateLabel = stateLabel
        self.offers = offers
        self.created = created
    }
}

/// A page of the case list and the id to continue before.
public struct CaseListView: Sendable {
    public var cases: [CaseView]
    public var nextBeforeID: CaseID?
}

/// One entry of a case's log, with its action's label.
public struct CaseEventView: Sendable {
    public var event: CaseEvent
    public var actionLabel: LocalizedText
}

/// A message to the caller about a case.
public struct NotificationView: Sendable {
    public var id: Int64
    public var caseID: CaseID
    public var message: LocalizedText
    public var at: Date
}
