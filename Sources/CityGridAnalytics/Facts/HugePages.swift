#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel for transparent huge pages (大页) behind a large, freshly allocated buffer before
/// it is first written: a 1.2 GB fact table written through 4 KB pages takes some 300,000 page
/// faults, which cost more than copying the bytes (the snapshot load's profile). Only the 2 MB
/// aligned middle of the buffer is advised; elsewhere, or where the system does not offer huge
/// pages (`madvise` mode off, not Linux), this does nothing and the buffer works as before.
enum HugePages {
    static let size = 2 << 20

    static func advise(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        guard byteCount >= 2 * size else { return }
        let from = (Int(bitPattern: start) + size - 1) / size * size
        let to = (Int(bitPattern: start) + byteCount) / size * size
        guard to > from, let aligned = UnsafeMutableRawPointer(bitPattern: from) else { return }
        _ = madvise(aligned, to - from, MADV_HUGEPAGE)
        #endif
    }
}
