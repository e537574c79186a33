import CityGridCore
import Foundation
import Testing

@Suite("Media access, references and the upload quota")
struct MediaAccessTests {
    static let info = MediaInfo(id: "m1", hash: String(repeating: "a", count: 64), size: 10, type: .jpeg, uploader: .user(7), createdAt: Date())

    @Test("the uploader reads their own upload; nobody else until it is linked")
    func unlinked() {
        #expect(MediaAccess.mayRead(Self.info, by: Actor(userID: 7, role: .inspector), linkedCase: nil) { _ in true })
        #expect(!MediaAccess.mayRead(Self.info, by: Actor(userID: 8, role: .leader), linkedCase: nil) { _ in true })
        #expect(!MediaAccess.mayRead(Self.info, by: Actor.system, linkedCase: nil) { _ in true })
    }

    @Test("the public's photos: nobody takes them up by id, not the anonymous public nor a client; the case's readers read them")
    func publicUploads() {
        let value = WorkflowTestKit.newCase(id: 42)
        for uploader in [MediaUploader.anonymousPublic, .client(3)] {
            var info = Self.info
            info.uploader = uploader
            #expect(!MediaAccess.mayRead(info, by: Actor(.anonymous, role: .citizen), linkedCase: nil) { _ in true })
            #expect(!MediaAccess.mayRead(info, by: Actor.system, linkedCase: nil) { _ in true })
            info.caseID = value.id
            #expect(!MediaAccess.mayRead(info, by: Actor(.anonymous, role: .citizen), linkedCase: value) { _ in false })
            #expect(MediaAccess.mayRead(info, by: Actor(userID: 8, role: .leader), linkedCase: value) { $0.id == value.id })
        }
    }

    @Test("an uploader is stored as one number and read back the same")
    func uploaderNumbers() {
        let uploaders: [MediaUploader] = [.user(1), .user(987_654), .anonymousPublic, .client(1), .client(40)]
        #expect(uploaders.map(\.storedID) == [1, 987_654, -1, -2, -41])
        #expect(uploaders.map { MediaUploader(storedID: $0.storedID) } == uploaders)
        #expect(Set(uploaders.map(\.storedID)).count == uploaders.count)
        #expect(MediaUploader.user(5).userID == 5 && MediaUploader.client(5).userID == nil && MediaUploader.anonymousPublic.userID == nil)
    }

    @Test("linked media: whoever the supplied policy lets read the case")
    func linked() {
        let value = WorkflowTestKit.newCase(id: 42)
        var info = Self.info
        info.caseID = value.id
        #expect(MediaAccess.mayRead(info, by: Actor(userID: 8, role: .leader), linkedCase: value) { $0.id == value.id })
        #expect(!MediaAccess.mayRead(info, by: Actor(userID: 8, role: .leader), linkedCase: value) { _ in false })
        #expect(!MediaAccess.mayRead(info, by: Actor(userID: 8, role: .leader), linkedCase: nil) { _ in true })
    }

    @Test("media: references are read from attachments, each once")
    func references() {
        #expect(MediaReference.ids(in: ["media:a", "https://x.org/p.jpg", "media:b", "media:a"]) == ["a", "b"])
        #expect(MediaReference.id(of: "https://x.org") == nil)
    }

    @Test("the quota refuses going over with 429's kind, on body")
    func quota() {
        let quota = UploadQuota(bytesPerDay: 100)
        #expect(throws: Never.self) { try quota.check(used: 60, adding: 40) }
        let error = #expect(throws: DomainError.self) { try quota.check(used: 60, adding: 41) }
        #expect(error?.kind == .tooManyRequests && error?.code == "upload_quota_exceeded" && error?.field == "body")
        #expect(UploadQuota().bytesPerDay == 200 * 1_048_576)
        let now = Date()
        #expect(quota.windowStart(at: now) == now.addingTimeInterval(-86_400))
    }
}
