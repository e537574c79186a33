import GRDB
import GRDBSQLite

/// Direct binding and stepping of a prepared statement, for the hot write paths (intake, bulk
/// simulation). GRDB's general `execute(arguments:)` boxes every value; binding straight through the
/// C API is several times cheaper per row. Only statements this type owns are used this way: they are
/// reset after every step, so GRDB never sees one mid-flight.
///
/// Every bind is checked: a bind that SQLite refuses (a parameter index past the statement's, a value
/// too big, out of memory) throws at once, and the statement is reset so that the cached statement
/// is clean for its next user. Nothing allocates per bind beyond what SQLite copies.
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

    /// Checks a bind's result code: anything but `SQLITE_OK` resets the statement and throws.
    private mutating func check(_ code: Int32) throws {
        guard code == SQLITE_OK else {
            let failure = error(code)
            reset()
            throw failure
        }
    }

    mutating func bind(_ value: Int64) throws {
        index += 1
        try check(sqlite3_bind_int64(handle, index, value))
    }

    mutating func bind(_ value: Int) throws { try bind(Int64(value)) }

    mutating func bind(_ value: Double) throws {
        index += 1
        try check(sqlite3_bind_double(handle, index, value))
    }

    mutating func bind(_ value: String) throws {
        index += 1
        // With its byte length, so that text holding a NUL is stored whole.
        let length = Int32(value.utf8.count)
        let position = index
        try check(value.withCString { sqlite3_bind_text(handle, position, $0, length, Self.transient) })
    }

    mutating func bind(_ value: Int64?) throws {
        if let value { try bind(value) } else { try bindNull() }
    }

    mutating func bind(_ value: String?) throws {
        if let value { try bind(value) } else { try bindNull() }
    }

    mutating func bind(_ value: Int?) throws {
        if let value { try bind(Int64(value)) } else { try bindNull() }
    }

    mutating func bindNull() throws {
        index += 1
        try check(sqlite3_bind_null(handle, index))
    }

    /// Refuses to run a statement whose parameters were not all bound (an unbound one would be
    /// NULL, silently).
    private mutating func checkAllBound() throws {
        let expected = sqlite3_bind_parameter_count(handle)
        guard index == expected else {
            let sql = String(cString: sqlite3_sql(handle))
            reset()
            throw DatabaseError(resultCode: .SQLITE_RANGE, message: "bound \(index) of \(expected) parameters", sql: sql)
        }
    }

    /// Runs a statement that returns no row.
    mutating func run() throws {
        try checkAllBound()
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Runs a statement that returns one integer (an `UPSERT … RETURNING`).
    mutating func runReturningInt() throws -> Int64 {
        try checkAllBound()
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_ROW else { throw error(code) }
        return sqlite3_column_int64(handle, 0)
    }

    /// The position of the result column `name` (resolve it once, before ``forEachRow(_:)``).
    func column(_ name: String) throws -> Int32 {
        for i in 0..<sqlite3_column_count(handle) {
            if let cName = sqlite3_column_name(handle, i), String(cString: cName) == name { return i }
        }
        throw DatabaseError(message: "no column \(name) in \(String(cString: sqlite3_sql(handle)))")
    }

    /// The current row of a query, read at column positions resolved with ``column(_:)`` (or a
    /// layout resolved by name once per statement). Nothing is copied but the values asked for.
    struct Columns {
        fileprivate let handle: OpaquePointer

        /// The row a GRDB statement is positioned on (during a cursor's iteration).
        init(_ statement: Statement) { handle = statement.sqliteStatement }
        fileprivate init(handle: OpaquePointer) { self.handle = handle }

        func isNull(_ i: Int) -> Bool { sqlite3_column_type(handle, Int32(i)) == SQLITE_NULL }
        func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
        func int64(_ i: Int) -> Int64 { sqlite3_column_int64(handle, Int32(i)) }
        func int(_ i: Int) -> Int { Int(sqlite3_column_int64(handle, Int32(i))) }
        func double(_ i: Int32) -> Double { sqlite3_column_double(handle, i) }
        func double(_ i: Int) -> Double { sqlite3_column_double(handle, Int32(i)) }
        func bool(_ i: Int) -> Bool { sqlite3_column_int64(handle, Int32(i)) != 0 }
        func optionalInt64(_ i: Int) -> Int64? { isNull(i) ? nil : int64(i) }
        func optionalInt(_ i: Int) -> Int? { isNull(i) ? nil : int(i) }

        /// The text of a column, whole (its byte length, so that a NUL inside is kept); "" for NULL.
        /// Throws if SQLite cannot produce the text of a value that is not NULL (out of memory).
        func text(_ i: Int) throws -> String {
            guard let bytes = sqlite3_column_text(handle, Int32(i)) else {
                if isNull(i) { return "" }
                throw DatabaseError(resultCode: .SQLITE_NOMEM, message: "no text for column \(i)")
            }
            let count = Int(sqlite3_column_bytes(handle, Int32(i)))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        func optionalText(_ i: Int) throws -> String? { isNull(i) ? nil : try text(i) }

        /// The result's column names, in order.
        var names: [String] {
            (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
        }
    }

    /// Runs a query expected to return at most one row, reading it with `body`.
    mutating func firstRow<T>(_ body: (Columns) throws -> T) throws -> T? {
        try checkAllBound()
        defer { reset() }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw error(code) }
        return try body(Columns(handle: handle))
    }

    /// The result columns' names of this statement.
    var columnNames: [String] { Columns(handle: handle).names }

    /// Runs a query, calling `body` for each row.
    mutating func forEachRow(_ body: (Columns) throws -> Void) throws {
        try checkAllBound()
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
