import CityGridCore
import Foundation

/// Where a case's report came from, as staff see it (报告来源): the outside client, whether it is held
/// for review and why, the device, and the reporter's contact, in full only for the roles that make
/// the return visit (intake operators, shift leaders, administrators), masked for everyone else.
public struct ReportOriginView: Sendable {
    public var client: String?
    public var heldReason: LocalizedText?
    public var deviceID: String?
    public var contact: String?
}

extension CityApplication {
    /// The origin of a case the caller may read (else not found, as for the case); `nil` for a
    /// report without one (staff's own reports).
    public func reportOrigin(ofCase id: CaseID, for caller: Caller) async throws -> ReportOriginView? {
        try policy.requireHolding(caller, .caseRead)
        _ = try await readableCase(id, by: caller, in: current)
        guard let origin = try await store.origin(ofCase: id) else { return nil }
        let full = caller.grants.contains { [.intakeOperator, .shiftLeader, .admin].contains($0.role) }
        var contact: String?
        if let c = origin.contact {
            let name = [c.lastName, c.firstName].compactMap { $0 }.joined(separator: " ")
            let phone = c.phone.map { full ? $0 : ContactAddress.mask(phone: $0) }
            let email = c.email.map { full ? $0 : ContactAddress.mask(email: $0) }
            let parts = [full ? name : (name.isEmpty ? nil : String(name.prefix(1)) + "**"), phone, email, c.accountID.map { full ? $0 : "***" }]
            contact = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
        }
        let held: LocalizedText? = origin.heldReason.map { reason in
            reason == "burst" ? LocalizedText(zh: "待审核：同一设备或账号短时间内连续上报", en: "Held for review: a burst of reports from one device or account")
                : LocalizedText(zh: "待审核：\(reason)", en: "Held for review: \(reason)")
        }
        return ReportOriginView(client: origin.client, heldReason: held, deviceID: full ? origin.deviceID : origin.deviceID.map { _ in "***" },
                                contact: contact)
    }
}
