import CityGridAnalytics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The fact-table snapshot on disk (事实表快照文件), next to the database: `<db>.facts`. Written
/// atomically (a temporary file in the same folder, flushed, renamed over the old one, the folder
/// flushed), so a reader sees the old snapshot or the new one, never half of one. Read back in
/// bulk, either into one aligned buffer or memory-mapped (``ReadMode``); the bytes are checked by
/// ``FactSnapshot/decode(_:dimensions:spareRows:threads:)`` before use.
public enum FactSnapshotFile {
    /// How the file is brought into memory before the columns are copied out of it.
    public enum ReadMode: String, Sendable, CaseIterable {
        /// `read(2)` into one 64-byte-aligned buffer.
        case read
        /// `mmap(2)`, private, pages populated up front. The default: 0.69-0.86 s for 10 M rows here
        /// against 1.7-3.0 s for ``read`` (which first faults in a fresh 1.2 GB buffer), BENCHMARKS.md.
        case mapped
    }

    /// The snapshot's path for a database file.
    public static func path(forDatabase db: String) -> String { db + ".facts" }

    /// What a snapshot file gave: the table and the header it was read with (position, anchor, rows).
    public struct Loaded: Sendable {
        public var facts: CaseFacts
        public var header: FactSnapshot.Header
        public var position: Int64 { header.position }
    }

    /// Writes the snapshot of `facts` at `position`, anchored to the change-log entry there
    /// (``FactSnapshotAnchor``); returns its size in bytes.
    @discardableResult
    public static func write(_ facts: CaseFacts, position: Int64, anchor: UInt64 = 0, to path: String) throws -> Int {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOFailure(operation: "create", path: temporary, code: errno) }
        var size = 0
        do {
            // Small pieces (header, padding) are gathered; columns go straight to write(2).
            var pending: [UInt8] = []
            pending.reserveCapacity(1 << 16)
            func flush() throws {
                try pending.withUnsafeBytes { try writeAll(fd, $0, temporary) }
                pending.removeAll(keepingCapacity: true)
            }
            try FactSnapshot.write(facts, position: position, anchor: anchor) { bytes in
                size += bytes.count
                if bytes.count < 1 << 15 {
                    pending.append(contentsOf: bytes)
                    if pending.count >= 1 << 16 { try flush() }
                } else {
                    try flush()
                    try writeAll(fd, bytes, temporary)
                }
            }
            try flush()
            guard fsync(fd) == 0 else { throw IOFailure(operation: "fsync", path: temporary, code: errno) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw IOFailure(operation: "rename", path: path, code: code)
        }
        let folder = (path as NSString).deletingLastPathComponent
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { _ = fsync(dir); close(dir) }
        return size
    }

    /// Reads and checks the snapshot at `path` against the city's dimensions. `nil` when there is
    /// no file; throws ``FactSnapshotProblem`` for a file not to be used, ``IOFailure`` when it
    /// cannot be read. `spareRows` (default: a sixteenth of the rows, and 1,024) is room reserved for
    /// the rows replay and intake will add.
    public static func read(_ path: String, dimensions: FactDimensions, spareRows: Int? = nil,
                            mode: ReadMode = .mapped) throws -> Loaded? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw IOFailure(operation: "open", path: path, code: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw IOFailure(operation: "stat", path: path, code: errno) }
        let size = Int(info.st_size)
        // The header first: a file of another version or other dimensions is not read whole.
        var head = [UInt8](repeating: 0, count: min(size, FactSnapshot.headerSize))
        let got = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard got == head.count else { throw FactSnapshotProblem.truncated }
        let header = try head.withUnsafeBytes { bytes throws(FactSnapshotProblem) in try FactSnapshot.header(of: bytes) }
        guard header.fingerprint == dimensions.fingerprint else { throw FactSnapshotProblem.dimensionsDiffer }
        guard size >= header.length else { throw FactSnapshotProblem.truncated }
        let spare = spareRows ?? header.rows / 16 + 1024
        switch mode {
        case .read:
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 64)
            defer { buffer.deallocate() }
            var at = 0
            while at < size {
                let n = pread(fd, buffer.baseAddress! + at, min(size - at, 1 << 30), off_t(at))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw n == 0 ? FactSnapshotProblem.truncated : IOFailure(operation: "read", path: path, code: errno) }
                at += n
            }
            return try decode(UnsafeRawBufferPointer(rebasing: buffer[0..<size]), dimensions: dimensions, spareRows: spare)
        case .mapped:
            guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), base != MAP_FAILED else {
                throw IOFailure(operation: "mmap", path: path, code: errno)
            }
            defer { munmap(base, size) }
            return try decode(UnsafeRawBufferPointer(start: base, count: size), dimensions: dimensions, spareRows: spare)
        }
    }

    /// The table and the header of the bytes checked (not of the first read, which only decided
    /// whether to read on).
    private static func decode(_ bytes: UnsafeRawBufferPointer, dimensions: FactDimensions, spareRows: Int) throws -> Loaded {
        let facts = try FactSnapshot.decode(bytes, dimensions: dimensions, spareRows: spareRows).facts
        return Loaded(facts: facts, header: try FactSnapshot.header(of: bytes))
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws {
        var at = 0
        while at < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + at, bytes.count - at)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw IOFailure(operation: "write", path: path, code: errno) }
            at += n
        }
    }

    /// A system call on the snapshot file failed.
    public struct IOFailure: Error, CustomStringConvertible {
        public var operation: String
        public var path: String
        public var code: Int32
        public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }
}
