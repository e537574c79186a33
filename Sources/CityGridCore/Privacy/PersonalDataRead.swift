import Foundation

/// One read of personal data by staff (个人信息访问记录), as the audit log keeps it: who read (the
/// user and the role that let them), whose data (the case, and the citizen's account when the
/// reporter was signed in), which fields were shown unmasked, why (the route or purpose), and when.
/// The log is append-only: a record is never changed or deleted.
public struct PersonalDataRead: Hashable, Sendable, Codable {
    /// Assigned by the store: 1, 2, 3…
    public var id: Int64
    public var readerID: UserID
    /// The role whose `personal.read` reached the data.
    public var readerRole: Role
    /// The case whose report origin was read, if any.
    public var caseID: CaseID?
    /// The citizen account the data belongs to, if known (a signed-in reporter).
    public var subjectID: UserID?
    /// The fields shown unmasked, sorted: ``Field`` raw values.
    public var fields: [String]
    /// Why: the route that showed it (`GET /app/cases/{id}`) or a named purpose.
    public var purpose: String
    /// When, to the second.
    public var at: Date

    public init(id: Int64 = 0, readerID: UserID, readerRole: Role, caseID: CaseID? = nil, subjectID: UserID? = nil,
                fields: [String], purpose: String, at: Date) {
        self.id = id
        self.readerID = readerID
        self.readerRole = readerRole
        self.caseID = caseID
        self.subjectID = subjectID
        self.fields = fields.sorted()
        self.purpose = purpose
        self.at = at
    }

    /// The personal fields a read can show.
    public enum Field: String, CaseIterable, Sendable {
        case name
        case phone
        case email
        case accountID = "account_id"
        case deviceID = "device_id"
        case contact
    }

    /// The longest purpose kept.
    public static let maxPurposeLength = 200

    /// Checks what a store is given: at least one field, each a ``Field``; a purpose of 1 to
    /// ``maxPurposeLength`` visible characters.
    public func validate() throws(DomainError) {
        guard !fields.isEmpty, fields.allSatisfy({ Field(rawValue: $0) != nil }) else {
            throw .invalidField("fields", zh: "须列出读取的个人信息字段（name、phone、email、account_id、device_id、contact）",
                                en: "fields must name the personal fields read (name, phone, email, account_id, device_id, contact)")
        }
        guard !purpose.isEmpty, purpose.count <= Self.maxPurposeLength, !TextRules.hasControlCharacters(purpose), !purpose.contains("\n") else {
            throw .invalidField("purpose", zh: "用途须为1到\(Self.maxPurposeLength)个可见字符", en: "purpose must be 1 to \(Self.maxPurposeLength) visible characters")
        }
    }
}

/// Which reads of the audit log to list (审计查询): every filter optional, by AND, oldest first, a
/// page of at most `limit` after the record `afterID`.
public struct PersonalDataReadQuery: Hashable, Sendable {
    public var readerID: UserID?
    public var caseID: CaseID?
    public var subjectID: UserID?
    /// Reads at or after this time.
    public var from: Date?
    /// Reads before this time.
    public var before: Date?
    /// Records after this id (the last one of the previous page).
    public var afterID: Int64?
    public var limit: Int

    /// The largest page.
    public static let maxLimit = 1000

    public init(readerID: UserID? = nil, caseID: CaseID? = nil, subjectID: UserID? = nil, from: Date? = nil, before: Date? = nil,
                afterID: Int64? = nil, limit: Int = 100) {
        self.readerID = readerID
        self.caseID = caseID
        self.subjectID = subjectID
        self.from = from
        self.before = before
        self.afterID = afterID
        self.limit = limit
    }

    /// Whether `read` meets every filter but the page.
    public func matches(_ read: PersonalDataRead) -> Bool {
        if let readerID, read.readerID != readerID { return false }
        if let caseID, read.caseID != caseID { return false }
        if let subjectID, read.subjectID != subjectID { return false }
        // At the second, as records are kept: from the second of `from`, before the second of `before`.
        let second = read.at.timeIntervalSince1970.rounded(.down)
        if let from, second < from.timeIntervalSince1970.rounded(.down) { return false }
        if let before, second >= before.timeIntervalSince1970.rounded(.down) { return false }
        if let afterID, read.id <= afterID { return false }
        return true
    }
}
