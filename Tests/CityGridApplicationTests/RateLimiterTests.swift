import CityGridApplication
import CityGridCore
import Foundation
import Testing

/// The public rate limits: a minute's allowance at once, then a 429 whose Retry-After is the wait for
/// the next token; each caller counted apart; 0 is no limit.
@Suite struct RateLimiterTests {
    @Test func aBucketEmptiesThenRefillsEvenly() throws {
        let limiter = RateLimiter(RateLimits(perApiKey: 60, perCitizen: 0, perAddress: 2))
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<60 { try limiter.admit(.apiKey("hotline"), at: t0) }
        do {
            try limiter.admit(.apiKey("hotline"), at: t0)
            Issue.record("the 61st request in a second was let through")
        } catch {
            #expect(error.kind == .tooManyRequests && error.code == "rate_limited" && error.retryAfter == 1)
        }
        try limiter.admit(.apiKey("other"), at: t0)
        try limiter.admit(.apiKey("hotline"), at: t0.addingTimeInterval(1))
        for _ in 0..<1000 { try limiter.admit(.citizen(UserID(7)), at: t0) }
        try limiter.admit(.address("10.0.0.1"), at: t0)
        try limiter.admit(.address("10.0.0.1"), at: t0)
        #expect(throws: DomainError.self) { try limiter.admit(.address("10.0.0.1"), at: t0.addingTimeInterval(1)) }
        do { try limiter.admit(.address("10.0.0.1"), at: t0.addingTimeInterval(1)) } catch { #expect(error.retryAfter == 29) }
        try limiter.admit(.address("10.0.0.1"), at: t0.addingTimeInterval(30))
    }
}
