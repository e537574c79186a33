import Foundation

/// Named leases (租约): which one of several processes sharing a store runs a singleton job (the
/// clock's scans) for a while.
///
/// Contract: taking a lease is a compare-and-set in one write, so of two contenders at most one
/// holds it; expiry is compared to the millisecond (rounded down); leases survive a replaced city.
public protocol LeaseStore: Sendable {
    /// Takes or renews the lease `name` for `holder` until `now + duration`, if it is free, expired
    /// at `now` (its end is not after `now`), or already `holder`'s. Returns whether `holder` holds
    /// it now.
    func acquireLease(_ name: String, holder: String, now: Date, duration: TimeInterval) async throws -> Bool

    /// Gives the lease up early if `holder` holds it, so that another can take it at once; does
    /// nothing otherwise.
    func releaseLease(_ name: String, holder: String) async throws
}
