import Foundation

/// How many bytes one user may upload in any 24 hours (a sliding window, so there is no midnight
/// at which a burst doubles the allowance, and no time zone to agree on).
///
/// Going over is refused with kind `tooManyRequests` (HTTP 429): the request is well-formed and the
/// same file is accepted later, when older uploads leave the window. 413 (Payload Too Large) would
/// say this one body is too big, which no waiting cures: it is not what a quota means.
public struct UploadQuota: Hashable, Sendable {
    /// 200 MB a day.
    public static let defaultBytesPerDay: Int64 = 200 << 20
    public var bytesPerDay: Int64
    /// The window's length in seconds.
    public static let window: TimeInterval = 86_400

    public init(bytesPerDay: Int64 = UploadQuota.defaultBytesPerDay) {
        self.bytesPerDay = bytesPerDay
    }

    /// The start of the window that ends at `now`.
    public func windowStart(at now: Date) -> Date { now.addingTimeInterval(-Self.window) }

    /// Refuses adding `size` bytes to the `used` bytes already in the window when it would exceed the quota.
    public func check(used: Int64, adding size: Int64) throws(DomainError) {
        guard used + size > bytesPerDay else { return }
        let mb = Double(bytesPerDay) / 1_048_576
        let text = mb >= 1 ? String(Int(mb)) + " MB" : String(bytesPerDay) + " bytes"
        throw DomainError(.tooManyRequests, code: "upload_quota_exceeded", field: "body",
                          zh: "24小时内上传已超过限额（\(text)），请稍后再试",
                          en: "Upload quota exceeded: at most \(text) in any 24 hours; try again later")
    }
}
