import CityGridCore
import Foundation
import Testing

/// Failed sign-ins lock an account with back-off; passwords have a length and no control characters.
@Suite struct SignInThrottleTests {
    @Test func theFirstFailuresAreFreeThenEachLockDoublesUpToTheLongest() {
        let throttle = SignInThrottle(freeAttempts: 5, firstLock: 30, longestLock: 900)
        #expect((0...4).map { throttle.lock(afterFailures: $0) } == [0, 0, 0, 0, 0])
        #expect((5...11).map { throttle.lock(afterFailures: $0) } == [30, 60, 120, 240, 480, 900, 900])
        #expect(throttle.lock(afterFailures: 10_000) == 900)
    }

    @Test func anAccountIsLockedUntilTheLockAfterItsLastFailureEnds() {
        let throttle = SignInThrottle.standard
        let last = Date(timeIntervalSince1970: 1_000_000)
        #expect(throttle.lockedUntil(failures: 4, lastFailure: last, now: last) == nil)
        #expect(throttle.lockedUntil(failures: 5, lastFailure: last, now: last.addingTimeInterval(10)) == last.addingTimeInterval(30))
        #expect(throttle.lockedUntil(failures: 5, lastFailure: last, now: last.addingTimeInterval(30)) == nil)
        #expect(throttle.lockedUntil(failures: 9, lastFailure: nil, now: last) == nil)
        let refusal = SignInThrottle.locked(until: last.addingTimeInterval(29.2), now: last)
        #expect(refusal.kind == .tooManyRequests && refusal.code == "sign_in_locked" && refusal.retryAfter == 30)
    }

    @Test func passwordsAreEightToSeventyTwoBytesWithoutControlCharacters() {
        #expect(throws: Never.self) { try PasswordRule.check("eight ch") }
        #expect(throws: Never.self) { try PasswordRule.check("密码够长了吗") }  // 18 bytes
        #expect(throws: Never.self) { try PasswordRule.check(String(repeating: "x", count: 72)) }
        for bad in ["short", String(repeating: "x", count: 73), "        ", "tab\tinside password"] {
            #expect(throws: DomainError.self) { try PasswordRule.check(bad) }
        }
    }
}
