import CityGridCore
import Foundation

/// One durable change, as the store's change log (变更日志) records it: a global sequence number
/// assigned in the same transaction as the change, in commit order, so that a follower reading by
/// cursor (``ChangeLogStore/changes(after:limit:)``) sees every change exactly in the order it committed
/// and can never skip one that committed late.
///
/// An entry names what changed, not the new value: a follower reads the case, the user or the
/// configuration again (a case's version tells it whether it already has that state).
public struct ChangeLogEntry: Sendable, Hashable, Codable {
    /// What kind of change an entry records, grouped by what a follower does with it.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A new case (a report, a bulk insert, a case a step created): `caseID`.
        case caseReported = "case_reported"
        /// A workflow step on a case: `caseID`.
        case caseStepped = "case_stepped"
        /// The clock's warning or escalation on a case: `caseID`.
        case caseAlerted = "case_alerted"
        /// A whole new city (cases, users and tokens deleted with the old one): `configVersion`.
        case cityReplaced = "city_replaced"
        /// New grids and regions: `configVersion`.
        case gridsReplaced = "grids_replaced"
        case catalogueReplaced = "catalogue_replaced"
        case calendarReplaced = "calendar_replaced"
        case organisationsChanged = "organisations_changed"
        case routingReplaced = "routing_replaced"
        case workflowReplaced = "workflow_replaced"
        /// A new user, or a later change of a user: `userID`.
        case userChanged = "user_changed"
        /// A token issued to `userID`.
        case tokenAdded = "token_added"
        /// Every token of `userID` revoked.
        case tokensRevoked = "tokens_revoked"

        /// The entry is about one case (`caseID` is set).
        public var isCase: Bool { self == .caseReported || self == .caseStepped || self == .caseAlerted }

        /// The entry changes the city's configuration (`configVersion` is set).
        public var isConfiguration: Bool {
            switch self {
            case .cityReplaced, .gridsReplaced, .catalogueReplaced, .calendarReplaced, .organisationsChanged, .routingReplaced,
                 .workflowReplaced: true
            default: false
            }
        }

        /// The entry changes who may do what: a user or a token (a caller cache drops what it held for `userID`).
        public var isIdentity: Bool { self == .userChanged || self == .tokenAdded || self == .tokensRevoked }
    }

    /// The global sequence number: 1, 2, 3… in commit order, never reused.
    public var sequence: Int64
    public var kind: Kind
    /// The case a case entry is about.
    public var caseID: CaseID?
    /// The case's version after the change (a follower that holds this version already skips it).
    public var caseVersion: Int?
    /// The user an identity entry is about.
    public var userID: UserID?
    /// The configuration version a configuration entry made (see ``CityConfigurationStore/configurationVersion()``).
    public var configVersion: Int64?
    /// When the change was written (the writer's clock, to the second).
    public var at: Date

    public init(sequence: Int64, kind: Kind, caseID: CaseID? = nil, caseVersion: Int? = nil, userID: UserID? = nil, configVersion: Int64? = nil, at: Date) {
        self.sequence = sequence
        self.kind = kind
        self.caseID = caseID
        self.caseVersion = caseVersion
        self.userID = userID
        self.configVersion = configVersion
        self.at = at
    }
}
