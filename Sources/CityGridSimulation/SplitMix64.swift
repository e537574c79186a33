import Foundation

/// A small, fast, seedable random number generator (SplitMix64): the same seed gives the same
/// sequence on every machine, which is what makes the demo city and the simulation reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A double in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * unit()
    }

    /// An integer in 0..<n.
    public mutating func below(_ n: Int) -> Int {
        Int(next() % UInt64(n))
    }

    /// A standard normal deviate (Box-Muller).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// An exponential deviate with the given mean.
    public mutating func exponential(mean: Double) -> Double {
        -mean * log(max(1 - unit(), 1e-300))
    }

    /// A log-normal deviate whose median is `median`, with log-spread `sigma`.
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * normal())
    }
}
