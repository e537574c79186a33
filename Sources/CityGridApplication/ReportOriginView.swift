import CityGridCore
import Foundation

/// Where a case's report came from, as staff see it (报告来源): the outside client, whether it is held
/// for review and why, the device, and the reporter's contact: in full only for a caller whose
/// `personal.read` reaches the case (the intake operators and shift leaders of its jurisdiction who
/// take the report and make the return visit, administrators, the reporter themselves), masked for
/// everyone else (`138****5678`). Every unmasked read by anyone but the reporter is written to the
/// audit log before the view is answered (``PersonalDataRead``).
public struct ReportOriginView: Sendable {
    public var client: String?
    public var heldReason: LocalizedText?
    public var deviceID: String?
    public var contact: String?
    /// Whether the personal fields are shown unmasked.
    public var unmasked: Bool
}

extension CityApplication {
    /// The origin of a case the caller may read (else not found, as for the case); `nil` for a
    /// report without one (staff's own reports). `purpose` names the route or reason, for the audit.
    public func reportOrigin(ofCase id: CaseID, for caller: Caller, purpose: String, at now: Date = Date()) async throws -> ReportOriginView? {
        try policy.requireHolding(caller, .caseRead)
        let value = try await readableCase(id, by: caller, in: current)
        guard let origin = try await store.origin(ofCase: id) else { return nil }
        let reach = policy.grants(caller, .personalRead, on: .caseRecord(value))
        let full = !reach.isEmpty
        var contact: String?
        var fields: [PersonalDataRead.Field] = []
        if let c = origin.contact {
            let name = [c.lastName, c.firstName].compactMap { $0 }.joined(separator: " ")
            let phone = c.phone.map { full ? $0 : ContactAddress.mask(phone: $0) }
            let email = c.email.map { full ? $0 : ContactAddress.mask(email: $0) }
            let parts = [full ? name : (name.isEmpty ? nil : String(name.prefix(1)) + "**"), phone, email, c.accountID.map { full ? $0 : "***" }]
            contact = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
            if !name.isEmpty { fields.append(.name) }
            if c.phone != nil { fields.append(.phone) }
            if c.email != nil { fields.append(.email) }
            if c.accountID != nil { fields.append(.accountID) }
        }
        if origin.deviceID != nil { fields.append(.deviceID) }
        // The reporter reading their own report is not staff reading personal data.
        if full, !fields.isEmpty, let reader = caller.user, value.reporterID != reader.id {
            _ = try await store.appendPersonalDataRead(PersonalDataRead(
                readerID: reader.id, readerRole: reach[0].role, caseID: id, subjectID: value.reporterID,
                fields: fields.map(\.rawValue), purpose: purpose, at: now))
        }
        let held: LocalizedText? = origin.heldReason.map { reason in
            reason == "burst" ? LocalizedText(zh: "待审核：同一设备或账号短时间内连续上报", en: "Held for review: a burst of reports from one device or account")
                : LocalizedText(zh: "待审核：\(reason)", en: "Held for review: \(reason)")
        }
        return ReportOriginView(client: origin.client, heldReason: held, deviceID: full ? origin.deviceID : origin.deviceID.map { _ in "***" },
                                contact: contact, unmasked: full)
    }
}
