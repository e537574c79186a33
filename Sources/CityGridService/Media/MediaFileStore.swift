import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Media files on disk, content-addressed: a file's name is the SHA-256 (hex) of its bytes, in two
/// levels of subdirectories (`ab/cd/abcd…`), so identical content is stored once and a name can
/// never be chosen by a client.
///
/// ``put(_:hash:)`` is durable when it returns: the bytes go to a temporary file in the final
/// directory, which is fsynced, renamed into place and the directory fsynced (and a new shard
/// directory's parent too). A crash leaves either no file or the whole file under its name, never
/// a partial one; stray `.tmp-*` files may remain and are harmless.
public struct MediaFileStore: Sendable {
    /// The root directory.
    public let directory: String

    /// Uses `directory`, created with the first file stored.
    public init(directory: String) throws {
        self.directory = directory
    }

    /// Whether `hash` is a SHA-256 in lower-case hex (the only names this store reads or writes).
    public static func isValidHash(_ hash: String) -> Bool {
        hash.utf8.count == 64 && hash.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The path of the file holding the content with this hash.
    public func path(forHash hash: String) -> String {
        precondition(Self.isValidHash(hash), "not a SHA-256 hex digest")
        let h = Array(hash)
        return "\(directory)/\(String(h[0..<2]))/\(String(h[2..<4]))/\(hash)"
    }

    /// Whether the content with this hash is stored.
    public func contains(hash: String) -> Bool {
        Self.isValidHash(hash) && FileManager.default.fileExists(atPath: path(forHash: hash))
    }

    /// The stored bytes of `hash`.
    public func read(hash: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(forHash: hash))))
    }

    /// Stores `bytes` under `hash` (their SHA-256, computed by the caller) durably; does nothing but
    /// make sure of the directory entry when the content is already there.
    public func put(_ bytes: [UInt8], hash: String) throws {
        let final = path(forHash: hash)
        let shard = (final as NSString).deletingLastPathComponent
        let middle = (shard as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try syncDirectory((directory as NSString).deletingLastPathComponent)
        }
        try makeDirectory(middle, parent: directory)
        try makeDirectory(shard, parent: middle)
        if FileManager.default.fileExists(atPath: final) {
            try syncDirectory(shard)
            return
        }
        let temporary = "\(shard)/.tmp-\(UUID().uuidString)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw MediaFileError.io("open", errno, temporary) }
        var written = 0
        do {
            try bytes.withUnsafeBytes { buffer in
                while written < buffer.count {
                    let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw MediaFileError.io("write", errno, temporary)
                    }
                    written += n
                }
            }
            guard fsync(fd) == 0 else { throw MediaFileError.io("fsync", errno, temporary) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, final) == 0 else {
            let code = errno
            unlink(temporary)
            throw MediaFileError.io("rename", code, final)
        }
        try syncDirectory(shard)
    }

    /// Creates `path` if missing, fsyncing `parent` so that the new entry is durable.
    private func makeDirectory(_ path: String, parent: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw MediaFileError.io("mkdir", errno, path) }
        try syncDirectory(parent)
    }

    private func syncDirectory(_ path: String) throws {
        let path = path.isEmpty ? "." : path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw MediaFileError.io("open", errno, path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw MediaFileError.io("fsync", errno, path) }
    }
}
