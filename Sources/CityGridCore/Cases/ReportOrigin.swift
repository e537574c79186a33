import Foundation

/// Where a report came from beyond its channel (报告来源): the outside client that sent it and that
/// client's own key for the request, the reporter's device, and the reporter's contact. Kept apart from
/// the case: the public never sees it, and staff read the contact only for the return visit.
public struct ReportOrigin: Hashable, Codable, Sendable {
    /// The outside client (an API key's name), or `portal` for the citizen portal; `nil` for staff.
    public var client: String?
    /// The client's own key for the request (an `Idempotency-Key`): a second report with the same
    /// client and key is the first one again, never a second case.
    public var requestKey: String?
    /// The reporter's device, as the client names it.
    public var deviceID: String?
    /// Who to call back, for an anonymous reporter (or what an outside client passed on).
    public var contact: ReporterContact?
    /// Why the report waits for an operator's review before it counts (a burst from one device or
    /// account), or `nil`.
    public var heldReason: String?

    public init(client: String? = nil, requestKey: String? = nil, deviceID: String? = nil, contact: ReporterContact? = nil, heldReason: String? = nil) {
        self.client = client
        self.requestKey = requestKey
        self.deviceID = deviceID
        self.contact = contact
        self.heldReason = heldReason
    }

    /// The longest client name, request key and device id accepted.
    public static let maxKeyLength = 128

    /// Checks the lengths and characters of the free-form parts, naming the field at fault.
    public func validate() throws(DomainError) {
        for (field, value) in [("idempotency_key", requestKey), ("device_id", deviceID)] {
            guard let value else { continue }
            guard !value.isEmpty, value.count <= Self.maxKeyLength, !TextRules.hasControlCharacters(value), !value.contains("\n") else {
                throw .invalidField(field, zh: "\(field) 须为1到\(Self.maxKeyLength)个可见字符", en: "\(field) must be 1 to \(Self.maxKeyLength) visible characters")
            }
        }
        try contact?.validate()
    }
}

/// A reporter's contact (联系方式), personal data: shown to the reporter and to the staff who call back.
public struct ReporterContact: Hashable, Codable, Sendable {
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var email: String?
    /// The reporter's account in the outside client's own system.
    public var accountID: String?

    public init(firstName: String? = nil, lastName: String? = nil, phone: String? = nil, email: String? = nil, accountID: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.accountID = accountID
    }

    /// Nothing given.
    public var isEmpty: Bool { [firstName, lastName, phone, email, accountID].allSatisfy { $0 == nil } }

    /// Checks each part: names and account up to 100 characters, a phone of digits (a leading `+`,
    /// spaces and dashes allowed, 5 to 20 digits), an e-mail as a citizen's
    /// contact is checked (``ContactAddress/isEmail(_:)``).
    public func validate() throws(DomainError) {
        for (field, value) in [("first_name", firstName), ("last_name", lastName), ("account_id", accountID)] {
            guard let value else { continue }
            guard value.count <= 100, !TextRules.hasControlCharacters(value), !value.contains("\n") else {
                throw .invalidField(field, zh: "\(field) 最长100字且不含控制字符", en: "\(field) must be at most 100 characters without control characters")
            }
        }
        if let phone, !Self.isPhone(phone) {
            throw .invalidField("phone", zh: "电话号码须为5到20位数字（可带 + 、空格和 -）", en: "phone must hold 5 to 20 digits (with an optional +, spaces and dashes)")
        }
        if let email, !ContactAddress.isEmail(email) {
            throw .invalidField("email", zh: "电子邮箱格式不正确", en: "email is not an e-mail address")
        }
    }

    public static func isPhone(_ text: String) -> Bool {
        var digits = 0
        for (i, c) in text.enumerated() {
            if c.isASCII, c.isNumber { digits += 1 } else if c == "+" && i == 0 || c == " " || c == "-" { continue } else { return false }
        }
        return (5...20).contains(digits)
    }
}
