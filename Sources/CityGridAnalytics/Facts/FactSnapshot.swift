import CityGridCore
import Foundation

/// The binary snapshot of a ``CaseFacts`` table (事实表快照), so that start-up reads one file instead
/// of every case: the columns as they lie in memory, the dictionaries they index, the month runs,
/// the change-log position the table reflects (the caller replays the cases changed after it) and
/// the anchor, a digest of the change-log entry at that position, by which the caller checks that
/// the snapshot was taken from its store's history (not another database's) without reading the
/// store's cases.
///
/// Layout (little-endian; every section starts on a 64-byte boundary, so a mapped or read file can
/// be copied column by column):
///
/// | offset | field |
/// |---|---|
/// | 0 | magic `CGFACTS\0` |
/// | 8 | format version (UInt32, ``formatVersion``) |
/// | 12 | byte-order mark `0x01020304` (UInt32) |
/// | 16 | position (Int64): the change-log position the rows reflect |
/// | 24 | the dimensions' ``FactDimensions/fingerprint`` (UInt64) |
/// | 32 | rows (UInt64) |
/// | 40 | stages (UInt32), sections (UInt32) |
/// | 48 | the file's length (UInt64) |
/// | 56 | checksum (UInt64): ``SnapshotChecksum`` of header bytes 0..<56 and 64..<128, the directory and each section, chained |
/// | 64 | anchor (UInt64): the caller's digest of the change-log entry at the position (0: none) |
/// | 72 | reserved, zero (56 bytes) |
/// | 128 | directory: per section its offset and length (UInt64 each) |
///
/// The rows (offset 32) are the store's case count at the position: start-up takes the count from
/// here and the change log after it instead of counting the cases.
///
/// Sections: the dictionaries (departments, categories, people, month runs), then the columns in
/// ``CaseFacts``' order: caseID, reported, day, grid, category, department, flags, disposalSeconds,
/// closureSeconds, satisfaction, deadline, reporter, version, updated, then each stage's last actor, then
/// each stage's first actor.
///
/// Pure functions over memory: the file I/O (atomic write, read or map) is the service's.
public enum FactSnapshot {
    public static let magic: [UInt8] = Array("CGFACTS\0".utf8)
    /// 2: the anchor and a 128-byte header (1 had neither); 3: the `warned` flag (bit 31); 4: the `updated` column. An older
    /// file is refused and the table loaded from the store, then written anew.
    public static let formatVersion: UInt32 = 4
    static let byteOrderMark: UInt32 = 0x0102_0304
    public static let headerSize = 128
    /// The checksum's place in the header: the bytes before and after it are covered.
    static let checksumOffset = 56
    static let alignment = 64
    /// Columns besides the per-stage ones.
    static let fixedColumns = 14

    /// What the header says.
    public struct Header: Sendable, Equatable {
        public var formatVersion: UInt32
        public var position: Int64
        public var fingerprint: UInt64
        public var rows: Int
        public var stages: Int
        public var sections: Int
        public var length: Int
        public var checksum: UInt64
        /// The digest of the change-log entry at ``position`` (0 when none was given).
        public var anchor: UInt64
    }

    // MARK: Writing

    /// Writes the snapshot of `facts` at `position` (with the `anchor` of the entry there) as
    /// consecutive byte ranges handed to `sink` (their total is the file's length). Reads the
    /// columns twice: once for the checksum, which the header carries, once to hand them over.
    public static func write(_ facts: CaseFacts, position: Int64, anchor: UInt64 = 0,
                             to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        let dictionaries = encodeDictionaries(facts)
        var lengths = [dictionaries.count]
        forEachColumn(facts) { lengths.append($0.count) }
        let (directory, total) = layout(lengths)
        var checksum: UInt64 = 0
        var sectionHashes: [UInt64] = [dictionaries.withUnsafeBytes { SnapshotChecksum.hash($0) }]
        forEachColumn(facts) { sectionHashes.append(SnapshotChecksum.hash($0)) }
        var head = [UInt8](repeating: 0, count: headerSize + 16 * lengths.count)
        head.withUnsafeMutableBytes { h in
            for (i, b) in magic.enumerated() { h[i] = b }
            h.storeBytes(of: formatVersion.littleEndian, toByteOffset: 8, as: UInt32.self)
            h.storeBytes(of: byteOrderMark.littleEndian, toByteOffset: 12, as: UInt32.self)
            h.storeBytes(of: position.littleEndian, toByteOffset: 16, as: Int64.self)
            h.storeBytes(of: facts.dimensions.fingerprint.littleEndian, toByteOffset: 24, as: UInt64.self)
            h.storeBytes(of: UInt64(facts.count).littleEndian, toByteOffset: 32, as: UInt64.self)
            h.storeBytes(of: UInt32(facts.stageActor.count).littleEndian, toByteOffset: 40, as: UInt32.self)
            h.storeBytes(of: UInt32(lengths.count).littleEndian, toByteOffset: 44, as: UInt32.self)
            h.storeBytes(of: UInt64(total).littleEndian, toByteOffset: 48, as: UInt64.self)
            h.storeBytes(of: anchor.littleEndian, toByteOffset: 64, as: UInt64.self)
            for (i, entry) in directory.enumerated() {
                h.storeBytes(of: UInt64(entry.offset).littleEndian, toByteOffset: headerSize + 16 * i, as: UInt64.self)
                h.storeBytes(of: UInt64(entry.length).littleEndian, toByteOffset: headerSize + 16 * i + 8, as: UInt64.self)
            }
            checksum = chain(header: UnsafeRawBufferPointer(rebasing: h[0..<headerSize]),
                             directory: UnsafeRawBufferPointer(rebasing: h[headerSize...]), sections: sectionHashes)
            h.storeBytes(of: checksum.littleEndian, toByteOffset: checksumOffset, as: UInt64.self)
        }
        var written = 0
        let zeros = [UInt8](repeating: 0, count: alignment)
        func emit(_ bytes: UnsafeRawBufferPointer) throws {
            if !bytes.isEmpty { try sink(bytes) }
            written += bytes.count
        }
        func pad(to offset: Int) throws {
            while written < offset { try zeros.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<min(alignment, offset - written)])) } }
        }
        try head.withUnsafeBytes { try emit($0) }
        var section = 0
        try pad(to: directory[section].offset)
        try dictionaries.withUnsafeBytes { try emit($0) }
        var failure: (any Error)?
        forEachColumn(facts) { bytes in
            guard failure == nil else { return }
            section += 1
            do { try pad(to: directory[section].offset); try emit(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
        try pad(to: total)
    }

    /// The whole snapshot in memory (tests and small tables; files are written through ``write(_:position:to:)``).
    public static func encode(_ facts: CaseFacts, position: Int64, anchor: UInt64 = 0) -> [UInt8] {
        var out: [UInt8] = []
        try? write(facts, position: position, anchor: anchor) { out.append(contentsOf: $0) }
        return out
    }

    static func layout(_ lengths: [Int]) -> (directory: [(offset: Int, length: Int)], total: Int) {
        var at = align(headerSize + 16 * lengths.count)
        var directory: [(offset: Int, length: Int)] = []
        for length in lengths {
            directory.append((at, length))
            at = align(at + length)
        }
        return (directory, at)
    }

    static func align(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }

    /// The file's checksum: the header (its checksum field left out), the directory, the sections' hashes.
    static func chain(header: UnsafeRawBufferPointer, directory: UnsafeRawBufferPointer, sections: [UInt64]) -> UInt64 {
        let before = SnapshotChecksum.hash(UnsafeRawBufferPointer(rebasing: header[0..<checksumOffset]))
        let after = SnapshotChecksum.hash(UnsafeRawBufferPointer(rebasing: header[(checksumOffset + 8)...]))
        var h = SnapshotChecksum.combine(SnapshotChecksum.combine(before, after), SnapshotChecksum.hash(directory))
        for s in sections { h = SnapshotChecksum.combine(h, s) }
        return h
    }

    /// The columns' bytes in file order.
    static func forEachColumn(_ f: CaseFacts, _ body: (UnsafeRawBufferPointer) -> Void) {
        f.caseID.withUnsafeBytes(body); f.reported.withUnsafeBytes(body); f.day.withUnsafeBytes(body)
        f.grid.withUnsafeBytes(body); f.category.withUnsafeBytes(body); f.department.withUnsafeBytes(body)
        f.flags.withUnsafeBytes(body); f.disposalSeconds.withUnsafeBytes(body); f.closureSeconds.withUnsafeBytes(body)
        f.satisfaction.withUnsafeBytes(body); f.deadline.withUnsafeBytes(body); f.reporter.withUnsafeBytes(body)
        f.version.withUnsafeBytes(body); f.updated.withUnsafeBytes(body)
        for column in f.stageActor { column.withUnsafeBytes(body) }
        for column in f.stageFirstActor { column.withUnsafeBytes(body) }
    }

    /// Element sizes of the columns in file order, for `stages` stages.
    static func columnStrides(stages: Int) -> [Int] {
        [8, 4, 2, 4, 2, 2, 8, 4, 4, 1, 4, 4, 4, 4] + Array(repeating: 4, count: 2 * stages)
    }

    static func encodeDictionaries(_ f: CaseFacts) -> [UInt8] {
        var out: [UInt8] = []
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        func i32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func string(_ s: String) { u32(s.utf8.count); out.append(contentsOf: s.utf8) }
        let d = f.dimensions
        u32(d.departments.count); for code in d.departments { string(code) }
        u32(d.categories.count); for code in d.categories { string(code.rawValue) }
        u32(d.people.count); for id in d.people { withUnsafeBytes(of: id.littleEndian) { out.append(contentsOf: $0) } }
        u32(f.monthRuns.count)
        for runs in f.monthRuns { u32(runs.count); for r in runs { i32(r.lowerBound); i32(r.upperBound) } }
        return out
    }
}
