import CityGridCore
import GRDB

// Typed identifiers in SQLite: a ``CaseID``, ``UserID`` or ``OrganisationCode`` is stored as its raw
// value (an INTEGER or TEXT column, as before). Columns where 0 means "no user" (a case's
// `reporter_id`, an event's `actor_id`: the system and anonymous reporters) are mapped explicitly by
// ``UserColumn``, never through this conformance.
extension Identifier: SQLExpressible where RawValue: DatabaseValueConvertible {}
extension Identifier: StatementBinding where RawValue: DatabaseValueConvertible {}
extension Identifier: DatabaseValueConvertible where RawValue: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { rawValue.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Self? {
        RawValue.fromDatabaseValue(dbValue).map(Self.init(rawValue:))
    }
}

/// The storage form of "a user, or none" (`reporter_id`, `actor_id`, a stage passage's actor): 0
/// stands for none (the system, an anonymous reporter), kept from the schema before typed ids.
enum UserColumn {
    static func stored(_ id: UserID?) -> Int64 { id?.rawValue ?? 0 }
    static func read(_ raw: Int64) -> UserID? { raw == 0 ? nil : UserID(raw) }
}

extension RawStatement {
    mutating func bind(_ value: CaseID) throws { try bind(value.rawValue) }
    mutating func bind(_ value: CaseID?) throws { try bind(value?.rawValue) }
    mutating func bind(_ value: OrganisationCode) throws { try bind(value.rawValue) }
    mutating func bind(_ value: OrganisationCode?) throws { try bind(value?.rawValue) }
}
