import CityGridCore

/// A store's own failures, as the ``DomainError``s every backend reports for them (存储故障), so
/// that no storage failure reaches a caller as a bare error (an HTTP 500).
public enum StoreFailure {
    /// The store could not take the write in time (SQLite: the database stayed locked past the
    /// busy timeout): `unavailable` (HTTP 503 with Retry-After); the same request succeeds later.
    public static func busy() -> DomainError {
        DomainError(.unavailable, code: "store_busy", zh: "数据库繁忙，请稍后重试", en: "The database is busy: retry shortly")
    }

    /// A step computed for a version of the case other than the stored one (`current`): the caller
    /// named an `expected_version` that is stale.
    public static func staleVersion(current: Int) -> DomainError {
        DomainError(.conflict, code: "version_conflict", field: "expected_version",
                    zh: "案件已被他人修改（当前版本 \(current)），请刷新后重试",
                    en: "The case changed meanwhile (now version \(current)); reload and retry")
    }

    /// The case's stored version moved between the read of a step and its write.
    public static func caseMoved() -> DomainError {
        DomainError(.conflict, code: "version_conflict", zh: "案件已被他人修改", en: "The case changed meanwhile")
    }

    /// A write that would store a second `field` with a value already held (a unique key).
    public static func duplicate(field: String?) -> DomainError {
        let name = field ?? "id"
        return DomainError(.conflict, code: "already_exists", field: field,
                           zh: "\(name) 已存在，不能重复写入", en: "A record with this \(name) already exists")
    }

    /// A write naming something that does not exist (a reference rule: a token of an unknown user).
    public static func missingReference(field: String?) -> DomainError {
        let name = field ?? "reference"
        return DomainError(.conflict, code: "missing_reference", field: field,
                           zh: "\(name) 引用的记录不存在", en: "The \(name) refers to a record that does not exist")
    }

    /// Any other broken storage rule (a missing required value, a failed check).
    public static func constraint(field: String?) -> DomainError {
        DomainError(.conflict, code: "constraint_violated", field: field,
                    zh: "写入违反了存储约束" + (field.map { "（\($0)）" } ?? ""),
                    en: "The write breaks a storage rule" + (field.map { " (\($0))" } ?? ""))
    }
}
