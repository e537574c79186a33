import CityGridCore
import Foundation

extension FactSnapshot {
    /// Reads and checks the header: magic, format version, byte order, length against the bytes
    /// given. Touches only the first bytes, so a caller can reject a file before reading it whole.
    public static func header(of bytes: UnsafeRawBufferPointer) throws(FactSnapshotProblem) -> Header {
        guard bytes.count >= headerSize else { throw bytes.starts(with: magic.prefix(bytes.count)) ? .truncated : .notASnapshot }
        guard bytes.starts(with: magic) else { throw .notASnapshot }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        let version = u32(8)
        guard version == formatVersion, u32(12) == byteOrderMark else { throw .unsupportedFormat(version) }
        guard u64(32) < UInt64(Int32.max), u64(48) < UInt64(Int.max), u32(40) <= UInt32(FactFlags.maxStages) else { throw .malformed("counts out of range") }
        return Header(formatVersion: version, position: Int64(bitPattern: u64(16)), fingerprint: u64(24), rows: Int(u64(32)),
                      stages: Int(u32(40)), sections: Int(u32(44)), length: Int(u64(48)), checksum: u64(56), anchor: u64(64))
    }

    /// Rebuilds the fact table from a snapshot's bytes, checking everything before trusting it:
    /// the header, that the dimensions are those the city gives now (`dimensions`, built by
    /// ``FactDimensions/init(city:users:)``), the length, the directory, the checksum (computed on
    /// `threads` threads) and the content. `spareRows` reserves room for the rows replay and live
    /// intake will append, so the first new case does not copy every column.
    public static func decode(_ bytes: UnsafeRawBufferPointer, dimensions: FactDimensions, spareRows: Int = 0,
                              threads: Int = 2) throws(FactSnapshotProblem) -> (facts: CaseFacts, position: Int64) {
        let head = try header(of: bytes)
        guard bytes.count >= head.length else { throw .truncated }
        guard bytes.count == head.length else { throw .malformed("\(bytes.count - head.length) bytes after the end") }
        guard head.fingerprint == dimensions.fingerprint, head.stages == dimensions.stages.count else { throw .dimensionsDiffer }
        let strides = columnStrides(stages: head.stages)
        guard head.sections == 1 + strides.count else { throw .malformed("\(head.sections) sections") }
        let directoryEnd = headerSize + 16 * head.sections
        guard directoryEnd <= bytes.count else { throw .truncated }
        var sections: [UnsafeRawBufferPointer] = []
        for i in 0..<head.sections {
            let offset = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: headerSize + 16 * i, as: UInt64.self))
            let length = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: headerSize + 16 * i + 8, as: UInt64.self))
            guard offset >= UInt64(directoryEnd), offset % UInt64(alignment) == 0, length <= UInt64(bytes.count),
                  offset <= UInt64(bytes.count) - length else { throw .malformed("section \(i) outside the file") }
            if i > 0 { guard length == UInt64(head.rows * strides[i - 1]) else { throw .malformed("column \(i - 1) holds \(length) bytes") } }
            sections.append(UnsafeRawBufferPointer(rebasing: bytes[Int(offset)..<Int(offset + length)]))
        }
        // Sections in file order, without overlap, the bytes between them zero (the checksum does not cover those).
        var at = directoryEnd
        for section in sections.sorted(by: { $0.baseAddress! < $1.baseAddress! }) {
            let start = section.baseAddress! - bytes.baseAddress!
            guard start >= at else { throw .malformed("sections overlap") }
            guard bytes[at..<start].allSatisfy({ $0 == 0 }) else { throw .malformed("padding not zero") }
            at = start + section.count
        }
        guard bytes[at...].allSatisfy({ $0 == 0 }) else { throw .malformed("padding not zero") }
        // The checksum, sections spread over the threads.
        var hashes = [UInt64](repeating: 0, count: sections.count)
        hashes.withUnsafeMutableBufferPointer { out in
            let parts = max(1, min(threads, sections.count))
            // Largest first, dealt round-robin: balanced enough for columns of 1 to 8 bytes a row.
            let order = sections.indices.sorted { sections[$0].count > sections[$1].count }
            let out = UnsafeSendable(out), input = UnsafeSendable(sections)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for (rank, i) in order.enumerated() where rank % parts == part {
                    out.value[i] = SnapshotChecksum.hash(input.value[i])
                }
            }
        }
        guard bytes[72..<headerSize].allSatisfy({ $0 == 0 }) else { throw .malformed("reserved header bytes not zero") }
        let sum = chain(header: UnsafeRawBufferPointer(rebasing: bytes[0..<headerSize]),
                        directory: UnsafeRawBufferPointer(rebasing: bytes[headerSize..<directoryEnd]), sections: hashes)
        guard sum == head.checksum else { throw .corrupted }

        var dims = dimensions
        let lists = try decodeDictionaries(sections[0], rows: head.rows)
        guard dims.adoptGrowingLists(departments: lists.departments, categories: lists.categories, people: lists.people) else {
            throw .malformed("repeated dictionary values")
        }
        var facts = CaseFacts(dimensions: dims)
        let capacity = head.rows + max(spareRows, 0)
        func column<T>(_ i: Int, _: T.Type) -> [T] {
            let source = sections[i + 1]
            return [T](unsafeUninitializedCapacity: capacity) { buffer, count in
                if let to = buffer.baseAddress, let from = source.baseAddress, !source.isEmpty {
                    UnsafeMutableRawPointer(to).copyMemory(from: from, byteCount: source.count)
                }
                count = head.rows
            }
        }
        facts.caseID = column(0, Int64.self); facts.reported = column(1, Int32.self); facts.day = column(2, UInt16.self)
        facts.grid = column(3, Int32.self); facts.category = column(4, UInt16.self); facts.department = column(5, UInt16.self)
        facts.flags = column(6, UInt64.self); facts.disposalSeconds = column(7, Int32.self); facts.closureSeconds = column(8, Int32.self)
        facts.satisfaction = column(9, UInt8.self); facts.deadline = column(10, Int32.self); facts.reporter = column(11, Int32.self)
        facts.version = column(12, Int32.self); facts.updated = column(13, Int32.self)
        facts.stageActor = (0..<head.stages).map { column(fixedColumns + $0, Int32.self) }
        facts.stageFirstActor = (0..<head.stages).map { column(fixedColumns + head.stages + $0, Int32.self) }
        guard facts.rebuildRowIndex() else { throw .malformed("a case appears twice") }
        facts.replaceMonthRuns(lists.monthRuns)
        return (facts, head.position)
    }

    static func decodeDictionaries(_ bytes: UnsafeRawBufferPointer, rows: Int) throws(FactSnapshotProblem)
        -> (departments: [String], categories: [CategoryCode], people: [Int64], monthRuns: [[Range<Int32>]]) {
        var at = 0
        func take(_ n: Int) throws(FactSnapshotProblem) -> UnsafeRawBufferPointer {
            guard n >= 0, n <= bytes.count - at else { throw .malformed("dictionaries cut short") }
            defer { at += n }
            return UnsafeRawBufferPointer(rebasing: bytes[at..<at + n])
        }
        func u32() throws(FactSnapshotProblem) -> Int { Int(UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self))) }
        func i32() throws(FactSnapshotProblem) -> Int32 { Int32(littleEndian: try take(4).loadUnaligned(as: Int32.self)) }
        func string() throws(FactSnapshotProblem) -> String { String(decoding: try take(try u32()), as: UTF8.self) }
        var departments: [String] = [], categories: [CategoryCode] = [], people: [Int64] = [], runs: [[Range<Int32>]] = []
        for _ in 0..<(try u32()) { departments.append(try string()) }
        for _ in 0..<(try u32()) {
            let text = try string()
            guard let code = CategoryCode(text) else { throw .malformed("category “\(text)”") }
            categories.append(code)
        }
        for _ in 0..<(try u32()) { people.append(Int64(littleEndian: try take(8).loadUnaligned(as: Int64.self))) }
        let months = try u32()
        guard months <= 12 * 100 else { throw .malformed("\(months) months") }
        for _ in 0..<months {
            var list: [Range<Int32>] = []
            for _ in 0..<(try u32()) {
                let lower = try i32(), upper = try i32()
                guard lower >= 0, lower <= upper, Int(upper) <= rows else { throw .malformed("a month run outside the rows") }
                list.append(lower..<upper)
            }
            runs.append(list)
        }
        guard at == bytes.count else { throw .malformed("bytes after the dictionaries") }
        return (departments, categories, people, runs)
    }
}
