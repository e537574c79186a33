import Foundation

/// A case on its way into the store, before it has an id and a full number: the store assigns the
/// id and the number's serial inside the transaction that writes it, and stamps the events with the id.
///
/// Live intake writes a draft with its one `report` event; the simulator writes drafts carrying their
/// whole history, produced by the same ``WorkflowMachine``.
public struct CaseDraft: Hashable, Sendable {
    /// The case, with `id` ``Identifier/unassigned`` and `number` empty.
    public var value: Case
    /// The number's prefix: category and local report date (see ``CaseNumber``).
    public var numberPrefix: String
    /// The events, the `report` first; their `caseID` (``Identifier/unassigned``) is filled in by the store.
    public var events: [CaseEvent]
    /// For bulk writes (the simulator): a link to the draft written just before this one, whose id
    /// the store fills in.
    public var link: Link?
    /// Look for a likely duplicate when writing (in the write's transaction, so that two reports of
    /// one problem arriving together still find each other).
    public var duplicateCheck: DuplicateCheck?
    /// Where the report came from (client, request key, device, contact), kept beside the case. A
    /// draft whose client and request key are already stored is not written again: the store answers
    /// with the case they made.
    public var origin: ReportOrigin?

    /// Where and when to look for an open case of the same category. Open means a clock runs: the
    /// case is neither ended nor parked (a merged report is never a parent).
    public struct DuplicateCheck: Hashable, Sendable {
        public var radiusMetres: Double
        public var since: Date

        public init(radiusMetres: Double, since: Date) {
            self.radiusMetres = radiusMetres
            self.since = since
        }
    }

    public enum Link: Hashable, Sendable {
        /// This report is a duplicate merged into the previous case (``Case/parentCaseID``).
        case mergedIntoPrevious
        /// This case reopens the previous, closed one (``Case/reopenedFromID``).
        case reopensPrevious
    }

    public init(value: Case, numberPrefix: String, events: [CaseEvent], duplicateCheck: DuplicateCheck? = nil) {
        self.duplicateCheck = duplicateCheck
        self.value = value
        self.numberPrefix = numberPrefix
        self.events = events
    }
}
