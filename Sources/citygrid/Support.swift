import CityGridCore
import CityGridService
import CityGridSQLite
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
        self.path = path
        if let path {
            let temporary = path + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                  let handle = FileHandle(forWritingAtPath: temporary) else {
                throw DomainError(.invalid, code: "cannot_write", field: "out", zh: "无法写入 \(path)", en: "Cannot write \(path)")
            }
            self.handle = handle
            self.temporary = temporary
        } else {
            self.handle = FileHandle.standardOutput
            self.temporary = nil
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        if let temporary, let path {
            try handle.synchronize()
            try handle.close()
            _ = try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        }
    }
}

extension DatabaseOptions {
    func openStore() throws -> SQLiteCityStore {
        do {
            return try SQLiteCityStore(path: db)
        } catch {
            throw DomainError(.invalid, code: "cannot_open_database", field: "db", zh: "无法打开数据库 \(db)：\(error)", en: "Cannot open the database \(db): \(error)")
        }
    }

    func openService() async throws -> CityService {
        try await CityService.open(try openStore())
    }
}
