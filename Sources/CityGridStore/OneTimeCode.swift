import Foundation

/// A one-time sign-in code (一次性验证码) as stored: only its hash, for one contact (a citizen's
/// phone number or e-mail address, normalised), with its expiry and the wrong tries so far.
public struct OneTimeCode: Sendable, Hashable {
    /// The normalised contact the code was sent to.
    public var contact: String
    /// The code's hash (the store never sees the code).
    public var codeHash: String
    /// When it was issued, to the second.
    public var createdAt: Date
    /// The first second at which it no longer holds.
    public var expiresAt: Date
    /// Wrong codes presented for it so far.
    public var failures: Int

    public init(contact: String, codeHash: String, createdAt: Date, expiresAt: Date, failures: Int = 0) {
        self.contact = contact
        self.codeHash = codeHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.failures = failures
    }
}

/// What presenting a code for a contact came to (验证结果), as ``IdentityStore/checkOneTimeCode(contact:codeHash:at:maxFailures:)`` decides it in one write.
public enum OneTimeCodeCheck: Sendable, Hashable {
    /// The code matched and held: it is used up (deleted).
    case accepted
    /// The code did not match; `remaining` more wrong tries void it.
    case wrong(remaining: Int)
    /// The code did not match and that was the last allowed try: it is void (deleted).
    case voided
    /// The code had expired: it is deleted, matching or not.
    case expired
    /// No code is held for the contact.
    case missing
}
