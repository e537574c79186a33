import CityGridCore
import CityGridStore
import Foundation
import GRDB

/// SQLite's failures as the store's ``DomainError``s (``StoreFailure``), in one place: every entry
/// point of ``SQLiteCityStore`` runs its database access through ``mapped(_:)``.
///
/// - `SQLITE_BUSY` and `SQLITE_LOCKED`, which reach here only after the busy timeout ran out:
///   ``StoreFailure/busy()`` (`unavailable`, HTTP 503 with Retry-After).
/// - `SQLITE_CONSTRAINT`: a unique or primary key → ``StoreFailure/duplicate(field:)``, a foreign
///   key → ``StoreFailure/missingReference(field:)``, anything else →
///   ``StoreFailure/constraint(field:)``; all `conflict` (HTTP 409), with the field when SQLite
///   names the column.
/// - Everything else (a domain refusal, an I/O error, a corrupt row) passes unchanged.
enum SQLiteFailure {
    /// Runs `body`, mapping what it throws.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw map(error)
        }
    }

    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw map(error)
        }
    }

    /// The error a caller sees for `error`.
    static func map(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreFailure.busy()
        case .SQLITE_CONSTRAINT:
            let field = field(in: error.message)
            switch error.extendedResultCode {
            case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY: return StoreFailure.duplicate(field: field)
            case .SQLITE_CONSTRAINT_FOREIGNKEY: return StoreFailure.missingReference(field: field)
            default: return StoreFailure.constraint(field: field)
            }
        default:
            return error
        }
    }

    /// The request fields of the columns SQLite names in its constraint messages, where they differ
    /// from the column's name.
    private static let fields = [
        "tokens.hash": "token_hash", "tokens.user_id": "user_id", "users.username": "username", "media.id": "id",
        "cases.number": "number", "case_events.case_id": "sequence", "components.id": "id", "organisations.code": "code",
    ]

    /// The field of the first column a constraint message names (`UNIQUE constraint failed:
    /// tokens.hash`), or `nil` when it names none (a foreign key).
    static func field(in message: String?) -> String? {
        guard let message, let colon = message.range(of: "failed: ") else { return nil }
        let column = message[colon.upperBound...].split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !column.isEmpty else { return nil }
        return fields[column] ?? column.split(separator: ".").last.map(String.init)
    }
}
