import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``MediaMetadataStore``: round trips, the quota, linking, unique ids.
@Suite struct MediaContractTests {
    static func info(_ id: String, size: Int = 1000, uploader: UserID = 3, at: Date = ContractCity.t0) -> MediaInfo {
        MediaInfo(id: id, hash: String(repeating: "a", count: 64), size: size, type: .jpeg, uploader: .user(uploader), createdAt: at)
    }

    @Test(arguments: StoreKind.allCases) func metadataRoundTripsToTheSecond(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        try await store.insertMedia(Self.info("m1"), quota: nil)
        var expected = Self.info("m1")
        expected.createdAt = ContractCity.stored(ContractCity.t0)
        #expect(try await store.mediaInfo(id: "m1") == expected)
        #expect(try await store.mediaInfo(id: "none") == nil)
        #expect(try await store.legacyMedia(limit: 10).isEmpty)
        #expect(try await store.dropLegacyMediaIfEmpty())
    }

    @Test(arguments: StoreKind.allCases) func theQuotaCountsTheWindowAndRefusesPastIt(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        let t0 = ContractCity.t0
        let quota = UploadQuota(bytesPerDay: 2500)
        try await store.insertMedia(Self.info("old", size: 2000, at: t0.addingTimeInterval(-90_000)), quota: quota)
        try await store.insertMedia(Self.info("a", size: 1000), quota: quota)
        try await store.insertMedia(Self.info("b", size: 1500), quota: quota)
        try await store.insertMedia(Self.info("someone-else", size: 2500, uploader: 4), quota: quota)
        await expectDomainError(.tooManyRequests, "upload_quota_exceeded", field: "body") {
            try await store.insertMedia(Self.info("c", size: 1), quota: quota)
        }
        #expect(try await store.mediaInfo(id: "c") == nil)
        #expect(try await store.mediaBytesUploaded(by: .user(3), since: t0.addingTimeInterval(-86_400)) == 2500)
        #expect(try await store.mediaBytesUploaded(by: .user(3), since: .distantPast) == 4500)
        #expect(try await store.mediaBytesUploaded(by: .user(9), since: .distantPast) == 0)
    }

    @Test(arguments: StoreKind.allCases) func thePublicsUploadersRoundTripAndCountApart(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        let quota = UploadQuota(bytesPerDay: 2500)
        for (id, uploader) in [("anon", MediaUploader.anonymousPublic), ("fms", .client(1)), ("hotline", .client(2)), ("user", .user(1))] {
            var info = Self.info(id, size: 2000)
            info.uploader = uploader
            try await store.insertMedia(info, quota: quota)
            #expect(try await store.mediaInfo(id: id)?.uploader == uploader)
        }
        for uploader in [MediaUploader.anonymousPublic, .client(1), .client(2), .user(1)] {
            #expect(try await store.mediaBytesUploaded(by: uploader, since: .distantPast) == 2000)
        }
        var more = Self.info("fms-2", size: 1000)
        more.uploader = .client(1)
        await expectDomainError(.tooManyRequests, "upload_quota_exceeded", field: "body") { try await store.insertMedia(more, quota: quota) }
        more.uploader = .client(3)
        try await store.insertMedia(more, quota: quota)
    }

    @Test(arguments: StoreKind.allCases) func theFirstCaseToNameAnUploadKeepsIt(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        for id in ["m1", "m2", "m3"] { try await store.insertMedia(Self.info(id), quota: nil) }
        #expect(try await store.linkMedia(ids: ["m1", "m2", "m2", "missing"], caseID: 10) == 2)
        #expect(try await store.linkMedia(ids: ["m2", "m3"], caseID: 11) == 1)
        #expect(try await store.linkMedia(ids: [], caseID: 12) == 0)
        #expect(try await store.mediaInfo(id: "m2")?.caseID == 10)
        #expect(try await store.mediaInfo(id: "m3")?.caseID == 11)
    }

    @Test(arguments: StoreKind.allCases) func anUploadIdIsUnique(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        try await store.insertMedia(Self.info("m1", size: 10), quota: nil)
        await expectDomainError(.conflict, "already_exists", field: "id") {
            try await store.insertMedia(Self.info("m1", size: 20), quota: nil)
        }
        #expect(try await store.mediaInfo(id: "m1")?.size == 10)
    }
}
