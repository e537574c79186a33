import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed file operation of the media store (a server-side failure, not the client's).
public enum MediaFileError: Error, CustomStringConvertible {
    case io(String, Int32, String)

    public var description: String {
        switch self {
        case let .io(operation, code, path): "\(operation) \(path): \(String(cString: strerror(code)))"
        }
    }
}
