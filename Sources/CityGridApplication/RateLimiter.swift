import CityGridCore
import Foundation
import Synchronization

/// How many requests a minute each kind of public caller may make (限流), 0 for no limit: an
/// outside client by its API key, a signed-in citizen, and an anonymous caller by network address.
/// Staff are not limited. A caller may spend a whole minute's allowance at once; it comes back evenly.
public struct RateLimits: Sendable, Hashable {
    public var perApiKey: Int
    public var perCitizen: Int
    public var perAddress: Int

    public init(perApiKey: Int, perCitizen: Int, perAddress: Int) {
        self.perApiKey = perApiKey
        self.perCitizen = perCitizen
        self.perAddress = perAddress
    }

    /// A hotline system's busiest minute, a person's browsing, a shared address's public reads.
    public static let standard = RateLimits(perApiKey: 1200, perCitizen: 300, perAddress: 600)
    public static let none = RateLimits(perApiKey: 0, perCitizen: 0, perAddress: 0)
}

/// Who a rate limit counts.
public enum RateSubject: Sendable, Hashable {
    case apiKey(String)
    case citizen(UserID)
    case address(String)

    var key: String {
        switch self {
        case .apiKey(let name): "k:" + name
        case .citizen(let id): "c:\(id.rawValue)"
        case .address(let address): "a:" + address
        }
    }
}

/// Token buckets per caller: a request takes a token; an empty bucket is a 429 with the seconds
/// until the next token (Retry-After). Kept in this process: with several servers each counts its share.
public final class RateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var at: Date }
    private let limits: Mutex<RateLimits>
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(_ limits: RateLimits = .standard) {
        self.limits = Mutex(limits)
    }

    public var current: RateLimits {
        get { limits.withLock { $0 } }
        set { limits.withLock { $0 = newValue } }
    }

    /// Takes one request of `subject` at `now`, or refuses it.
    public func admit(_ subject: RateSubject, at now: Date = Date()) throws(DomainError) {
        let limits = self.current
        let perMinute = switch subject {
        case .apiKey: limits.perApiKey
        case .citizen: limits.perCitizen
        case .address: limits.perAddress
        }
        guard perMinute > 0 else { return }
        let capacity = Double(perMinute), perSecond = Double(perMinute) / 60
        let wait: Double? = buckets.withLock { buckets in
            if buckets.count > 200_000 { buckets.removeAll(keepingCapacity: true) }
            var bucket = buckets[subject.key] ?? Bucket(tokens: capacity, at: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.at)) * perSecond)
            bucket.at = now
            defer { buckets[subject.key] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / perSecond }
            bucket.tokens -= 1
            return nil
        }
        if let wait {
            var error = DomainError(.tooManyRequests, code: "rate_limited", zh: "请求过于频繁，请稍后再试",
                                    en: "Too many requests: at most \(perMinute) a minute; try again later")
            error.retryAfter = max(1, Int(wait.rounded(.up)))
            throw error
        }
    }
}
