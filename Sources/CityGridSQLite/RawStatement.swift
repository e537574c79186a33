import GRDB
import GRDBSQLite

/// Direct binding and stepping of a prepared statement, for the hot write paths (intake, bulk
/// simulation). GRDB's general `execute(arguments:)` boxes every value; binding straight through the
/// C API is several times cheaper per row. Only statements this type owns are used this way: they are
/// reset after every step, so GRDB never sees one mid-flight.
struct RawStatement {
    private let handle: OpaquePointer
    private let db: Database
    private var index: Int32 = 0

    /// The cached statement for `sql`, reset and ready for binding from the first parameter.
    init(_ sql: String, _ db: Database) throws {
        self.handle = try db.cachedStatement(sql: sql).sqliteStatement
        self.db = db
        sqlite3_reset(handle)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    mutating func bind(_ value: Int) { bind(Int64(value)) }

    mutating func bind(_ value: Double) {
        index += 1
        sqlite3_bind_double(handle, index, value)
    }

    mutating func bind(_ value: String) {
        index += 1
        // With its byte length, so that text holding a NUL is stored whole.
        let length = Int32(value.utf8.count)
        value.withCString { sqlite3_bind_text(handle, index, $0, length, Self.transient) }
    }

    mutating func bind(_ value: Int64?) {
        if let value { bind(value) } else { bindNull() }
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { bindNull() }
    }

    mutating func bind(_ value: Int?) {
        if let value { bind(Int64(value)) } else { bindNull() }
    }

    mutating func bindNull() {
        index += 1
        sqlite3_bind_null(handle, index)
    }

    /// Runs a statement that returns no row.
    mutating func run() throws {
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Runs a statement that returns one integer (an `UPSERT … RETURNING`).
    mutating func runReturningInt() throws -> Int64 {
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_ROW else { throw error(code) }
        return sqlite3_column_int64(handle, 0)
    }

    /// The current row of a query, read by column index.
    struct Columns {
        fileprivate let handle: OpaquePointer
        func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
        func double(_ i: Int32) -> Double { sqlite3_column_double(handle, i) }
    }

    /// Runs a query, calling `body` for each row.
    mutating func forEachRow(_ body: (Columns) throws -> Void) throws {
        defer { reset() }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code) }
            try body(Columns(handle: handle))
        }
    }

    private mutating func reset() {
        sqlite3_reset(handle)
        index = 0
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                      sql: String(cString: sqlite3_sql(handle)))
    }
}
