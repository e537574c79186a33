// The one place where the module reaches for the platform C library: the
// standard library has no trigonometry, and Foundation would be a heavy
// dependency for a single cosine.

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Android)
import Android
#elseif canImport(ucrt)
import ucrt
#endif

/// The cosine of an angle given in degrees.
func cosine(degrees: Double) -> Double {
    cos(degrees * (Double.pi / 180))
}
