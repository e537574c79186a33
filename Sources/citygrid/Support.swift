import CityGridCore
import CityGridService
import CityGridSQLite
import CityGridStore
import Foundation

/// Writes to standard error (progress and messages), leaving standard output to data.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// A progress line that rewrites itself on a terminal, and prints every step elsewhere.
    static func progress(_ text: String) {
        if isatty(2) != 0 {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    static func endProgress() {
        if isatty(2) != 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// An output sink: a file given by `--out`, or standard output, buffered.
final class OutputSink {
    private let handle: FileHandle
    private let path: String?
    private let temporary: String?
    private var buffer = Data()

    /// Writing to a file goes to a temporary file renamed into place at ``close()``, so a failed
    /// export never leaves half a file where a whole one was.
    init(path: String?) throws {
        // A device or a pipe (`--out /dev/stdout`) is written in place; only regular files get the
        // temporary-file-and-rename treatment.
        let special = path.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.type] as? FileAttributeType }
            .map { $0 != .typeRegular } ?? false
        if let path, special {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw DomainError(.invalid, code: "cannot_write", field: "out", zh: "无法写入 \(path)", en: "Cannot write \(path)")
            }
            self.handle = handle
            self.path = nil
            self.temporary = nil
        } else if let path {
            let temporary = path + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                  let handle = FileHandle(forWritingAtPath: temporary) else {
                throw DomainError(.invalid, code: "cannot_write", field: "out", zh: "无法写入 \(path)", en: "Cannot write \(path)")
            }
            self.handle = handle
            self.path = path
            self.temporary = temporary
        } else {
            self.handle = FileHandle.standardOutput
            self.path = nil
            self.temporary = nil
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// The first write error, reported by ``close()``; later writes are dropped.
    private var failure: (any Error)?

    func flush() {
        guard failure == nil, !buffer.isEmpty else { buffer.removeAll(keepingCapacity: true); return }
        do { try handle.write(contentsOf: buffer) } catch { failure = error }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, and moves a file output into place atomically (`rename(2)`); a failed export removes
    /// its partial file and leaves the target as it was.
    func close() throws {
        flush()
        if let temporary, let path {
            if failure == nil {
                do { try handle.synchronize() } catch { failure = error }
            }
            try? handle.close()
            if failure == nil, rename(temporary, path) != 0 {
                failure = DomainError(.invalid, code: "cannot_write", field: "out", zh: "无法写入 \(path)", en: "Cannot write \(path): \(String(cString: strerror(errno)))")
            }
            if failure != nil { unlink(temporary) }
        }
        if let failure {
            throw DomainError(.invalid, code: "cannot_write", field: "out", zh: "写出失败：\(failure)", en: "Writing the export failed: \(failure)")
        }
    }
}

extension DatabaseOptions {
    /// Opens the database. Only `init` (and `serve --demo`, which builds the demo city) may create it:
    /// any other command refuses a missing file without leaving an empty one behind.
    func openStore(creating: Bool = false) throws -> SQLiteCityStore {
        try Self.openStore(db, creating: creating)
    }

    /// Opens the database at `db`; refuses a missing one unless `creating`.
    static func openStore(_ db: String, creating: Bool = false) throws -> SQLiteCityStore {
        if !creating, !FileManager.default.fileExists(atPath: db) {
            throw DomainError(.notFound, code: "no_database", field: "db",
                              zh: "数据库 \(db) 不存在：请先运行 citygrid init --db \(db)（或 --demo）",
                              en: "No database \(db): create it first with `citygrid init --db \(db)` (add --demo for the demo city)")
        }
        do {
            return try SQLiteCityStore(path: db)
        } catch {
            throw DomainError(.invalid, code: "cannot_open_database", field: "db", zh: "无法打开数据库 \(db)：\(error)", en: "Cannot open the database \(db): \(error)")
        }
    }

    func openService() async throws -> CityService {
        try await CityService.open(try openStore())
    }

    /// The fact-table snapshot beside the database.
    var factsSnapshot: String { FactSnapshotFile.path(forDatabase: db) }

    /// The service and the fact table of every stored case (``loadFacts(store:city:)``).
    func openFacts() async throws -> (CityService, LiveFacts) {
        let service = try await openService()
        return (service, try await loadFacts(store: service.store, city: service.city))
    }

    /// The fact table of every stored case: from the snapshot beside the database plus the cases
    /// changed since, else from every case (with progress on a large store), after which a snapshot
    /// is written so that the next run is fast. A snapshot that cannot be written (a read-only
    /// folder) is a warning, not a failure. The store's cases are not counted on the snapshot path.
    func loadFacts(store: any CityStore, city: CityModel) async throws -> LiveFacts {
        let (facts, report) = try await LiveFacts.load(from: store, city: city, users: [], snapshot: factsSnapshot) {
            Console.progress("loading facts: \($0) / \($1) cases")
        }
        let large = facts.count >= 100_000
        if large {
            if report.source == .store { Console.endProgress() }
            Console.error(report.description)
        }
        if report.source == .store || report.replayed > max(100_000, facts.count / 10) {
            do {
                let size = try await facts.writeSnapshot(to: factsSnapshot, store: store)
                if large { Console.error("wrote \(factsSnapshot) (\(size / 1_000_000) MB)") }
            } catch {
                Console.error("warning: could not write the fact snapshot \(factsSnapshot): \(error)")
            }
        }
        return facts
    }
}
