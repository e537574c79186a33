@testable import CityGridAnalytics
import CityGridCore
import Foundation
import Testing

@Suite struct FactSnapshotTests {
    typealias F = TrendsFixture

    /// A table with departments, people and stages filled, in several months, clustered, then two
    /// live appends (a second run for October) and a sparse case id.
    static func sample() -> CaseFacts {
        var cases: [Case] = []
        let times = ["2026-10-05T10:00:00", "2026-09-05T10:00:00", "2026-10-06T10:00:00", "2026-08-01T00:30:00", "2026-09-30T23:59:00"]
        for (i, t) in times.enumerated() {
            var c = F.makeCase(Int64(i + 1), at: F.cst(t), category: i % 2 == 0 ? "E0102" : "C0101", grid: [F.g1, F.g2, F.g4][i % 3],
                               department: i == 3 ? "D-NEW" : "D-WATER", closedAfterHours: i % 2 == 0 ? 30 : nil)
            c.reporterID = UserID(Int64(100 + i))
            c.satisfaction = i == 0 ? .satisfied : nil
            c.stageLog.record(.init(stage: "closing", actorID: UserID(42 + Int64(i)), at: c.reportedAt.addingTimeInterval(60), dueAt: c.reportedAt.addingTimeInterval(3600)))
            cases.append(c)
        }
        var facts = F.facts(cases)
        facts.clusterByMonth()
        facts.upsert(F.makeCase(9, at: F.cst("2026-10-20T08:00:00"), category: "E0201"))
        facts.upsert(F.makeCase(1 << 40, at: F.cst("2026-10-21T08:00:00")))
        return facts
    }

    static func expectSame(_ a: CaseFacts, _ b: CaseFacts) {
        #expect(a.count == b.count)
        #expect(a.caseID == b.caseID && a.reported == b.reported && a.day == b.day && a.grid == b.grid)
        #expect(a.category == b.category && a.department == b.department && a.flags == b.flags)
        #expect(a.disposalSeconds == b.disposalSeconds && a.closureSeconds == b.closureSeconds && a.satisfaction == b.satisfaction)
        #expect(a.deadline == b.deadline && a.reporter == b.reporter && a.version == b.version)
        #expect(a.stageActor == b.stageActor && a.stageFirstActor == b.stageFirstActor)
        #expect(a.monthRuns == b.monthRuns)
        #expect(a.dimensions.departments == b.dimensions.departments && a.dimensions.categories == b.dimensions.categories)
        #expect(a.dimensions.people == b.dimensions.people)
        for id in a.caseID { #expect(a.row(ofRawCase: id) == b.row(ofRawCase: id)) }
    }

    static var dimensions: FactDimensions { FactDimensions(city: F.city, users: []) }

    @Test func aSnapshotLoadsBackEqual() throws {
        let facts = Self.sample()
        let bytes = FactSnapshot.encode(facts, position: 1234)
        #expect(bytes.count % 64 == 0)
        let (loaded, position) = try bytes.withUnsafeBytes { try FactSnapshot.decode($0, dimensions: Self.dimensions, spareRows: 100) }
        #expect(position == 1234)
        Self.expectSame(facts, loaded)
        #expect(loaded.caseID.capacity >= facts.count + 100, "room for the replay without copying the columns")
        // The loaded table goes on like the original: an update in place, a new department, a new case.
        var a = facts, b = loaded
        var changed = F.makeCase(2, at: F.cst("2026-09-05T10:00:00"), category: "C0101", grid: F.g2, department: "D-LATER", closedAfterHours: 5)
        changed.version = 3
        a.upsert(changed); b.upsert(changed)
        a.upsert(F.makeCase(11, at: F.cst("2026-11-01T09:00:00"))); b.upsert(F.makeCase(11, at: F.cst("2026-11-01T09:00:00")))
        Self.expectSame(a, b)
    }

    @Test func anEmptyTableRoundTrips() throws {
        let empty = CaseFacts(dimensions: Self.dimensions)
        let bytes = FactSnapshot.encode(empty, position: 0)
        let (loaded, position) = try bytes.withUnsafeBytes { try FactSnapshot.decode($0, dimensions: Self.dimensions) }
        #expect(position == 0 && loaded.count == 0)
    }

    @Test func theHeaderSaysWhatItHolds() throws {
        let facts = Self.sample()
        let bytes = FactSnapshot.encode(facts, position: 77)
        let header = try bytes.withUnsafeBytes { try FactSnapshot.header(of: $0) }
        #expect(header.formatVersion == FactSnapshot.formatVersion && header.position == 77 && header.rows == facts.count)
        #expect(header.stages == facts.dimensions.stages.count && header.length == bytes.count)
        #expect(header.fingerprint == Self.dimensions.fingerprint && header.anchor == 0)
        let anchored = FactSnapshot.encode(facts, position: 77, anchor: 0xfeed_f00d)
        #expect(try anchored.withUnsafeBytes { try FactSnapshot.header(of: $0) }.anchor == 0xfeed_f00d)
        #expect(try anchored.withUnsafeBytes { try FactSnapshot.decode($0, dimensions: Self.dimensions) }.position == 77)
    }

    private func problem(_ bytes: [UInt8], dimensions: FactDimensions = FactSnapshotTests.dimensions) -> FactSnapshotProblem? {
        do {
            _ = try bytes.withUnsafeBytes { try FactSnapshot.decode($0, dimensions: dimensions) }
            return nil
        } catch let error as FactSnapshotProblem {
            return error
        } catch {
            Issue.record("not a FactSnapshotProblem: \(error)")
            return nil
        }
    }

    @Test func aTruncatedSnapshotIsRefused() {
        let bytes = FactSnapshot.encode(Self.sample(), position: 5)
        for cut in Set([0, 1, 7, 8, 63, 64, 65, 200, bytes.count / 2, bytes.count - 64, bytes.count - 1]) {
            #expect(problem(Array(bytes.prefix(cut))) == .truncated, "cut at \(cut)")
        }
        #expect(problem(bytes + [0]) != nil, "a byte too many")
    }

    @Test func everyFlippedByteIsNoticed() {
        let bytes = FactSnapshot.encode(Self.sample(), position: 5)
        // Every byte of the header and directory, then a stride through the sections.
        for i in Array(0..<min(bytes.count, 1024)) + Array(stride(from: 1024, to: bytes.count, by: 7)) {
            var bad = bytes
            bad[i] ^= 0x5a
            let p = problem(bad)
            #expect(p != nil, "byte \(i) flipped went unnoticed")
        }
    }

    @Test func anotherVersionOrOtherDimensionsAreRefused() {
        var bytes = FactSnapshot.encode(Self.sample(), position: 5)
        var newer = bytes
        newer[8] = 5
        #expect(problem(newer) == .unsupportedFormat(5))
        var beforeUpdated = bytes
        beforeUpdated[8] = 3
        #expect(problem(beforeUpdated) == .unsupportedFormat(3), "format 3 has no `updated` column: refused, and rewritten by the caller")
        var older = bytes
        older[8] = 1
        #expect(problem(older) == .unsupportedFormat(1), "format 1 (no anchor) is refused, and rewritten by the caller")
        var beforeWarnings = bytes
        beforeWarnings[8] = 2
        #expect(problem(beforeWarnings) == .unsupportedFormat(2), "format 2 has no `warned` flag: refused, and rewritten by the caller")
        var notOurs = bytes
        notOurs[0] = UInt8(ascii: "X")
        #expect(problem(notOurs) == .notASnapshot)
        #expect(problem(Array("hello, world".utf8)) == .notASnapshot)
        // Other grids: another city's dimensions.
        var city = F.city
        city.grids.removeLast()
        #expect(problem(bytes, dimensions: FactDimensions(city: city, users: [])) == .dimensionsDiffer)
        // Another time zone.
        var shifted = F.city
        shifted.calendar.utcOffsetSeconds += 3600
        #expect(problem(bytes, dimensions: FactDimensions(city: shifted, users: [])) == .dimensionsDiffer)
        bytes.removeAll()
        #expect(problem(bytes) == .truncated)
    }

    @Test func randomGarbageNeverCrashes() {
        var rng = SystemRandomNumberGenerator()
        let valid = FactSnapshot.encode(Self.sample(), position: 5)
        for n in [10, 64, 100, 500, valid.count] {
            var bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if n >= 8 { bytes.replaceSubrange(0..<8, with: FactSnapshot.magic) }
            #expect(problem(bytes) != nil)
        }
    }

    @Test func theChecksumIsStableAndSensitive() {
        let a: [UInt8] = Array(0..<200).map { UInt8($0 & 0xff) }
        let h = a.withUnsafeBytes { SnapshotChecksum.hash($0) }
        #expect(h == a.withUnsafeBytes { SnapshotChecksum.hash($0) })
        for i in [0, 31, 32, 150, 199] {
            var b = a
            b[i] &+= 1
            #expect(b.withUnsafeBytes { SnapshotChecksum.hash($0) } != h)
        }
        #expect(Array(a.prefix(199)).withUnsafeBytes { SnapshotChecksum.hash($0) } != h)
    }

    @Test func decodingOnOneThreadOrSeveralGivesTheSameTable() throws {
        let facts = Self.sample()
        let bytes = FactSnapshot.encode(facts, position: 9)
        let one = try bytes.withUnsafeBytes { try FactSnapshot.decode($0, dimensions: Self.dimensions, threads: 1) }
        let four = try bytes.withUnsafeBytes { try FactSnapshot.decode($0, dimensions: Self.dimensions, threads: 4) }
        Self.expectSame(one.facts, four.facts)
    }
}
