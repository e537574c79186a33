import Foundation

/// A citizen's contact (联系方式): a mainland mobile phone number or an e-mail address, the way
/// they sign in with a one-time code. It is personal data: shown only to the citizen themselves,
/// masked elsewhere (``masked``).
public struct ContactAddress: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case phone
        case email
    }

    public let kind: Kind
    /// The normalised form, the key it is stored under: `+86` and 11 digits, or the address in lower case.
    public let value: String

    /// Reads what a citizen typed: a mobile number (11 digits starting with 1 and 3-9, optionally
    /// after +86 or 0086, with spaces or dashes) or an e-mail address (one `@`, a local part of at most
    /// 64 characters, a domain with a dot, at most 254 characters, no spaces or control characters).
    /// Anything else is refused naming the field `contact`, in both languages.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw Self.refusal(zh: "请填写手机号或电子邮箱", en: "Give a mobile number or an e-mail address")
        }
        if trimmed.contains("@") {
            let lower = trimmed.lowercased()
            let parts = lower.split(separator: "@", omittingEmptySubsequences: false)
            let allowed = lower.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7f && $0.value < 0x80 }
            guard allowed, lower.utf8.count <= 254, parts.count == 2, (1...64).contains(parts[0].utf8.count),
                  parts[1].split(separator: ".", omittingEmptySubsequences: false).count >= 2,
                  !parts[1].split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty),
                  !lower.contains("<"), !lower.contains(">"), !lower.contains(",") else {
                throw Self.refusal(zh: "电子邮箱格式不正确（如 name@example.com）", en: "The e-mail address is not valid (such as name@example.com)")
            }
            kind = .email
            value = lower
            return
        }
        var digits = trimmed.filter { $0 != " " && $0 != "-" }
        if digits.hasPrefix("+86") { digits.removeFirst(3) } else if digits.hasPrefix("0086") { digits.removeFirst(4) }
        let ascii = digits.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        guard ascii, digits.count == 11, digits.hasPrefix("1"), let second = digits.dropFirst().first, ("3"..."9").contains(second) else {
            throw Self.refusal(zh: "手机号格式不正确：须为以1开头的11位数字", en: "The mobile number is not valid: 11 digits starting with 1")
        }
        kind = .phone
        value = "+86" + digits
    }

    /// The contact with most of it hidden, for display beside the citizen's name and in logs of
    /// others: `138****8000`, `a***@example.com`.
    public var masked: String {
        kind == .phone ? Self.mask(phone: String(value.dropFirst(3))) : Self.mask(email: value)
    }

    /// Any phone number with most of it hidden: its first 3 and last 4 digits (`138****5678`);
    /// only stars when it has fewer than 7.
    public static func mask(phone: String) -> String {
        let digits = Array(phone.filter(\.isNumber))
        guard digits.count >= 7 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(3)) + "****" + String(digits.suffix(4))
    }

    /// Any e-mail address with its local part hidden but its first character: `a***@example.com`.
    public static func mask(email: String) -> String {
        guard let at = email.firstIndex(of: "@") else { return "***" }
        return String(email.prefix(1)) + "***" + String(email[at...])
    }

    /// Whether `text` is an e-mail address by the rule ``init(parsing:)`` applies.
    public static func isEmail(_ text: String) -> Bool {
        text.contains("@") && (try? ContactAddress(parsing: text))?.kind == .email
    }

    static func refusal(zh: String, en: String) -> DomainError {
        DomainError(.invalid, code: "invalid_contact", field: "contact", zh: zh, en: en)
    }
}
