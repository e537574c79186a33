import CityGridCore
import CityGridService
import CityGridStore
import Foundation
import GRDB
import Testing
@testable import CityGridSQLite

/// The media library over SQLite: files on disk by content, metadata rows, the quota, linking to
/// cases and who may read what; and the move of old BLOB rows out of the database.
@Suite struct MediaLibraryTests {
    func library(_ f: Fixture) throws -> MediaLibrary { try #require(f.service.media) }

    func dispatched(_ f: Fixture, grid: Int = 3) async throws -> Case {
        let c = try await f.service.report(f.report(grid: grid), by: f.actor(role: .intakeOperator))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), by: f.actor(role: .shiftLeader))
        return try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispatch), by: f.actor(role: .dispatcher)).value
    }

    func handler(_ c: Case) -> Actor {
        Actor(Fixture.city.users.first { $0.role == .departmentHandler && $0.organisationCode == c.departmentCode }!)
    }

    func files(under directory: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue { found.append(path) }
        }
        return found
    }

    @Test func uploadsAreStrippedHashedShardedAndStoredOnce() async throws {
        let f = try await Fixture()
        let library = try library(f)
        #expect(library.files.directory == f.folder + "/city.sqlite.media")
        let jpeg = TestMedia.jpeg()
        let first = try await library.upload(jpeg, by: f.actor("citizen1"))
        let stored = try await library.bytes(of: first)
        #expect(first.type == .jpeg && first.size == stored.count && stored.count < jpeg.count)
        #expect(!TestMedia.contains(stored, Array("Exif".utf8)) && !TestMedia.contains(stored, TestMedia.gps))
        #expect(first.hash == MediaLibrary.sha256(stored) && MediaFileStore.isValidHash(first.hash))
        let h = Array(first.hash)
        #expect(library.path(of: first) == "\(library.files.directory)/\(String(h[0..<2]))/\(String(h[2..<4]))/\(first.hash)")
        // The same photo again, by someone else: a second item, one file.
        let second = try await library.upload(jpeg, by: f.actor(role: .dispatcher))
        #expect(second.id != first.id && second.hash == first.hash && second.uploaderID != first.uploaderID)
        #expect(files(under: library.files.directory) == ["\(String(h[0..<2]))/\(String(h[2..<4]))/\(first.hash)"])
        let info = try await library.mediaInfo(id: first.id)
        #expect(info?.hash == first.hash && info?.uploaderID == first.uploaderID && info?.caseID == nil && info?.size == first.size && info?.type == .jpeg)
        // Anything else is refused before anything is written.
        let error = await #expect(throws: DomainError.self) {
            try await library.upload(Array("<html><script>alert(1)</script></html>".utf8), by: f.actor("citizen1"))
        }
        #expect(error?.field == "body")
        #expect(files(under: library.files.directory).count == 1)
    }

    @Test func theQuotaHoldsUnderConcurrentUploads() async throws {
        let f = try await Fixture()
        let size = try SanitizedMedia(uploaded: TestMedia.jpeg(variant: 0)).bytes.count
        let library = MediaLibrary(cases: f.store, metadata: f.store, files: try MediaFileStore(directory: f.folder + "/quota"),
                                   quota: UploadQuota(bytesPerDay: Int64(3 * size)))
        let inspector = f.actor("citizen1")
        let outcomes = await withTaskGroup(of: DomainError.Kind?.self) { group in
            for variant in 0..<6 {
                group.addTask {
                    do {
                        _ = try await library.upload(TestMedia.jpeg(variant: UInt8(variant)), by: inspector)
                        return nil
                    } catch let error as DomainError {
                        return error.kind
                    } catch {
                        return .conflict
                    }
                }
            }
            return await group.reduce(into: [DomainError.Kind?]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == nil }.count == 3)
        #expect(outcomes.filter { $0 == .tooManyRequests }.count == 3)
        #expect(try await f.store.mediaBytesUploaded(by: .user(inspector.userID!), since: Date().addingTimeInterval(-3600)) == Int64(3 * size))
        // Another user has their own allowance; a day later the first has theirs again.
        _ = try await library.upload(TestMedia.jpeg(variant: 9), by: f.actor(role: .dispatcher))
        _ = try await library.upload(TestMedia.jpeg(variant: 10), by: inspector, at: Date().addingTimeInterval(86_401))
    }

    @Test func attachmentsNameUploadsTheActorMayUseAndStepsLinkThem() async throws {
        let f = try await Fixture()
        let library = try library(f)
        let d = try await dispatched(f)
        let handler = handler(d)
        let dispatcher = f.actor(role: .dispatcher)
        let photo = try await library.upload(TestMedia.jpeg(), by: handler)
        // Not yet linked: the uploader alone may use it.
        let refused = await #expect(throws: DomainError.self) {
            try await library.validateAttachments(["media:\(photo.id)"], for: dispatcher) { _ in true }
        }
        #expect(refused?.kind == .invalid && refused?.field == "attachments" && refused?.code == "unknown_media")
        await #expect(throws: DomainError.self) { try await library.validateAttachments(["media:nope"], for: handler) { _ in true } }
        await #expect(throws: DomainError.self) { _ = try await library.readable(id: photo.id, by: dispatcher) { _ in true } }
        try await library.validateAttachments(["https://example.org/a.jpg", "media:\(photo.id)"], for: handler) { _ in false }
        // A step naming someone else's unlinked upload is refused before the step.
        let stepRefused = await #expect(throws: DomainError.self) {
            try await f.service.act(caseID: d.id, command: WorkflowCommand(.dispose, note: "x", attachments: ["media:\(photo.id)"]), by: dispatcher)
        }
        #expect(stepRefused?.field == "attachments")
        #expect(try await f.store.caseByID(d.id)?.version == d.version)
        // The uploader's step links it to the case.
        try await f.service.act(caseID: d.id, command: WorkflowCommand(.dispose, attachments: ["media:\(photo.id)"]), by: handler)
        let linked = try await library.mediaInfo(id: photo.id)
        #expect(linked?.caseID == d.id)
        // Linked: whoever the policy lets read the case may read and use it; nobody else.
        #expect(try await library.readable(id: photo.id, by: dispatcher) { $0.id == d.id }.id == photo.id)
        await #expect(throws: DomainError.self) { _ = try await library.readable(id: photo.id, by: dispatcher) { _ in false } }
        try await library.validateAttachments(["media:\(photo.id)"], for: dispatcher) { $0.id == d.id }
        // A step on another case may name it only when the caller's policy lets the actor read the
        // case it is linked to (without one, only the case acted on counts).
        let other = try await dispatched(f, grid: 7)
        let leader = f.actor(role: .leader)
        let otherRefused = await #expect(throws: DomainError.self) {
            try await f.service.act(caseID: other.id, command: WorkflowCommand(.supervise, note: "见照片", attachments: ["media:\(photo.id)"]), by: leader)
        }
        #expect(otherRefused?.field == "attachments")
        try await f.service.act(caseID: other.id, command: WorkflowCommand(.supervise, note: "见照片", attachments: ["media:\(photo.id)"]), by: leader,
                                mayReadCase: { $0.id == d.id })
        // The first case keeps it.
        #expect(try await library.linkMedia(ids: [photo.id], caseID: CaseID(d.id.rawValue + 1)) == 0)
        #expect(try await library.mediaInfo(id: photo.id)?.caseID == d.id)
    }

    @Test func oldBlobRowsMoveToFilesAndTheirTableIsDropped() async throws {
        let folder = NSTemporaryDirectory() + "citygrid-media-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/old.sqlite"
        // A database as it was before "v20: media on disk", with two uploads in BLOBs.
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v8: who left each clock stage, when, against which deadline")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO media (id, content_type, bytes, uploaded_by, at) VALUES (?, ?, ?, ?, ?)",
                               arguments: ["old-photo", "image/jpeg", Data(TestMedia.jpeg()), 5, 1_700_000_000])
                try db.execute(sql: "INSERT INTO media (id, content_type, bytes, uploaded_by, at) VALUES (?, ?, ?, ?, ?)",
                               arguments: ["old-odd", "image/png", Data("not really a png".utf8), 6, 1_700_000_100])
            }
        }
        let store = try SQLiteCityStore(path: path)
        #expect(try await store.legacyMedia(limit: 10).map(\.id) == ["old-odd", "old-photo"])
        let library = try #require(try await MediaLibrary.open(store))
        #expect(try await store.legacyMedia(limit: 10).isEmpty)
        let tableGone = try await store.pool.read { db in try !db.tableExists("media_legacy_blobs") }
        #expect(tableGone)
        let photo = try #require(try await library.mediaInfo(id: "old-photo"))
        #expect(photo.type == .jpeg && photo.uploader == .user(5) && photo.createdAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(!TestMedia.contains(try await library.bytes(of: photo), TestMedia.gps))
        let odd = try #require(try await library.mediaInfo(id: "old-odd"))
        let oddBytes = try await library.bytes(of: odd)
        #expect(odd.type == .png && oddBytes == Array("not really a png".utf8))
        // Opening again finds nothing to move.
        #expect(try await library.moveLegacyMedia() == 0)
    }

    @Test func theMigrationsEndWithMediaOnDiskThenPasswordsThenOpenCasesByStateThenOriginsThenOneTimeCodes() throws {
        let names = Schema.migrator.migrations
        #expect(Array(names.drop { $0 != "v20: media on disk" }.prefix(5)) == ["v20: media on disk", "v21: passwords and failed sign-ins", "v22: open cases by state",
                                                                               "v23: outside clients and report origins", "v24: one-time codes"])
        // Every migration is numbered, and they run in the order of their numbers (a gap is a
        // migration that was never shipped).
        let numbers = names.map { Int($0.dropFirst().prefix { $0.isNumber }) ?? -1 }
        #expect(!numbers.contains(-1) && numbers == numbers.sorted() && Set(numbers).count == numbers.count, "\(names)")
        #expect(names.suffix(3) == ["v26: notifications", "v27: delegations of power", "v28: personal data audit"])
    }
}
