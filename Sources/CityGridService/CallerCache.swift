import CityGridCore
import CityGridStore
import Foundation
import Synchronization

/// The signed-in callers recently seen, by token hash (调用者缓存): a request with a known token
/// needs no look-up in the store. An entry lives at most ``timeToLive``, so a token's expiry is
/// honoured at most that late; a revocation or a role change empties the user's entries at once when
/// it is made in this process, and within the change follower's interval when another process makes
/// it (``follow(_:)``: identity entries of the change log).
public final class CallerCache: Sendable {
    private struct Entry {
        var user: User
        var until: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    public let timeToLive: TimeInterval
    /// Entries kept at most; past it the cache is emptied (cheap, and rare: one entry a live token).
    public let capacity: Int

    public init(timeToLive: TimeInterval = 30, capacity: Int = 100_000) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// The user of `tokenHash` if seen within the time to live at `now`.
    public func user(tokenHash: String, at now: Date) -> User? {
        entries.withLock { entries in
            guard let entry = entries[tokenHash] else { return nil }
            guard entry.until > now else {
                entries[tokenHash] = nil
                return nil
            }
            return entry.user
        }
    }

    public func remember(_ user: User, tokenHash: String, at now: Date) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[tokenHash] = Entry(user: user, until: now.addingTimeInterval(timeToLive))
        }
    }

    /// Forgets every token of `userID` (revoked tokens, changed roles).
    public func forget(userID: UserID) {
        entries.withLock { entries in entries = entries.filter { $0.value.user.id != userID } }
    }

    public func forgetAll() {
        entries.withLock { $0.removeAll() }
    }

    /// Follows the change log's identity entries: a user changed or their tokens revoked by any process.
    public func follow(_ follower: ChangeFollower) {
        follower.onIdentityChange { [self] entries in
            for entry in entries {
                if let id = entry.userID { forget(userID: id) } else { forgetAll() }
            }
        }
    }
}
