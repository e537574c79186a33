import CityGridCore
import Foundation

/// The audit log of staff reads of personal data (个人信息访问审计), append-only.
///
/// Contract: ids are assigned 1, 2, 3…; times are kept to the second (rounded down); the fields are
/// kept sorted; a record is never changed or deleted (there is no method to, and SQLite refuses an
/// `UPDATE` or `DELETE` of the table outright), not even by closing the account it is about.
public protocol PersonalDataAuditStore: Sendable {
    /// Appends `read` (its id is ignored) after checking it (``PersonalDataRead/validate()``: an
    /// `invalid` refusal writes nothing) and answers it as stored, under its assigned id.
    func appendPersonalDataRead(_ read: PersonalDataRead) async throws -> PersonalDataRead

    /// The records meeting `query`'s filters, oldest (lowest id) first, at most `query.limit` after
    /// `query.afterID`. A limit outside 1…``PersonalDataReadQuery/maxLimit`` is `invalid` (field `limit`).
    func personalDataReads(_ query: PersonalDataReadQuery) async throws -> [PersonalDataRead]
}
