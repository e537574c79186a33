import Foundation

/// When a user may try to sign in again after failed attempts (登录失败锁定): the first
/// ``freeAttempts`` failures in a row cost nothing; from then on each failure locks the account for
/// twice as long as the one before, from ``firstLock`` up to ``longestLock``. A successful sign-in
/// clears the count. The lock is kept per account, in the store, so every server sees it.
public struct SignInThrottle: Sendable, Hashable {
    public var freeAttempts: Int
    public var firstLock: TimeInterval
    public var longestLock: TimeInterval

    public init(freeAttempts: Int = 5, firstLock: TimeInterval = 30, longestLock: TimeInterval = 15 * 60) {
        self.freeAttempts = max(1, freeAttempts)
        self.firstLock = max(1, firstLock)
        self.longestLock = max(self.firstLock, longestLock)
    }

    public static let standard = SignInThrottle()

    /// How long the account is locked after `failures` failures in a row (0 while attempts are free).
    public func lock(afterFailures failures: Int) -> TimeInterval {
        guard failures >= freeAttempts else { return 0 }
        let doublings = min(failures - freeAttempts, 30)
        return min(longestLock, firstLock * Double(1 << doublings))
    }

    /// The moment the account may try again, if it is locked at `now`; nil when it is not.
    public func lockedUntil(failures: Int, lastFailure: Date?, now: Date) -> Date? {
        guard let lastFailure else { return nil }
        let until = lastFailure.addingTimeInterval(lock(afterFailures: failures))
        return until > now ? until : nil
    }

    /// The refusal of an attempt while locked, with the seconds to wait (HTTP 429 with Retry-After).
    public static func locked(until: Date, now: Date) -> DomainError {
        let seconds = Int(until.timeIntervalSince(now).rounded(.up))
        var error = DomainError(.tooManyRequests, code: "sign_in_locked", field: "username",
                                zh: "登录失败次数过多，请 \(seconds) 秒后再试", en: "Too many failed sign-ins: try again in \(seconds) s")
        error.retryAfter = seconds
        return error
    }
}

/// What a password must be (密码规则): 8 to 72 bytes of UTF-8 (bcrypt reads no further than 72),
/// not only spaces, and no control characters.
public enum PasswordRule {
    public static func check(_ password: String) throws(DomainError) {
        let bytes = password.utf8.count
        guard (8...72).contains(bytes) else {
            throw DomainError.invalidField("password", zh: "密码须为 8 到 72 字节", en: "A password is 8 to 72 bytes long")
        }
        guard !password.allSatisfy(\.isWhitespace), !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw DomainError.invalidField("password", zh: "密码不能只含空格或含控制字符", en: "A password cannot be only spaces or hold control characters")
        }
    }
}
