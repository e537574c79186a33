import CityGridCore
import CityGridService
import CityGridSQLite
import CityGridStore
import Foundation
import Testing

/// The caller cache: a known token needs no store look-up, an entry lives at most its time to live,
/// and a revocation empties it, in this process at once and from another process through the change log.
@Suite struct CallerCacheTests {
    @Test func entriesExpireAndAreForgottenByUser() {
        let cache = CallerCache(timeToLive: 30)
        let now = Date()
        let user = User(id: 7, username: "u", displayName: "U", role: .leader)
        cache.remember(user, tokenHash: "h1", at: now)
        cache.remember(User(id: 8, username: "v", displayName: "V", role: .citizen), tokenHash: "h2", at: now)
        #expect(cache.user(tokenHash: "h1", at: now.addingTimeInterval(29))?.id == 7)
        #expect(cache.user(tokenHash: "h1", at: now.addingTimeInterval(31)) == nil, "past its time to live")
        cache.remember(user, tokenHash: "h1", at: now)
        cache.forget(userID: 7)
        #expect(cache.user(tokenHash: "h1", at: now) == nil)
        #expect(cache.user(tokenHash: "h2", at: now)?.id == 8)
    }

    @Test func aRevocationByAnotherProcessReachesTheCacheWithinASecond() async throws {
        let f = try await Fixture()
        let username = try #require(try await f.store.users().first { $0.role == .intakeOperator }?.username)
        let token = try await f.service.issueToken(username: username)
        #expect(try await f.service.authenticate(token: token).username == username)
        #expect(f.service.callers.user(tokenHash: CityService.hash(token: token), at: Date()) != nil, "remembered")
        let follower = ChangeFollower(store: f.store, after: try await f.store.lastChangeSequence(), interval: .milliseconds(100))
        f.service.callers.follow(follower)
        let running = Task { try await follower.run() }
        defer { running.cancel() }
        // Another "process" revokes the tokens.
        let other = try await CityService.open(try SQLiteCityStore(path: f.folder + "/city.sqlite"))
        #expect(try await other.revokeTokens(username: username) == 1)
        let end = Date().addingTimeInterval(1)
        var refused = false
        while Date() < end, !refused {
            do { _ = try await f.service.authenticate(token: token) } catch let error as DomainError { refused = error.kind == .unauthenticated }
            if !refused { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(refused, "the revoked token is refused within a second")
    }
}
