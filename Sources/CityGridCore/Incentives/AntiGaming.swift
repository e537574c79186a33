import Foundation

/// The anti-gaming rules (防刷分规则): pure functions over the recent ledger history they are given,
/// each deciding whether an award looks like gaming and must be held for review instead of paid.
///
/// - burst (短时刷分): more than `burstMaxAwards` awards to one account, or to accounts reporting
///   from one device, within `burstWindow`;
/// - self-dealing (关联账号互刷): an award whose counterpart (the reporter of a claimed task) is an
///   account linked to the one awarded — the same device or the same contact;
/// - repeated pairing (固定搭档): an account and a counterpart meeting on `pairingMinCases` cases or
///   more within `pairingWindow`.
///
/// Deductions are never held.
public struct AntiGaming: Hashable, Sendable {
    /// What an anti-gaming rule found: the code kept on a held entry.
    public enum Finding: String, Sendable, Hashable, CaseIterable, Codable {
        case burstAccount = "burst_account"
        case burstDevice = "burst_device"
        case selfDealing = "self_dealing"
        case repeatedPairing = "repeated_pairing"

        public var label: LocalizedText {
            switch self {
            case .burstAccount: LocalizedText(zh: "同一账号短时间内多次得分", en: "Many awards to one account in a short time")
            case .burstDevice: LocalizedText(zh: "同一设备短时间内多次得分", en: "Many awards from one device in a short time")
            case .selfDealing: LocalizedText(zh: "关联账号之间互相得分", en: "Points between linked accounts")
            case .repeatedPairing: LocalizedText(zh: "上报人与认领人反复配对", en: "A reporter and a claimer who keep meeting on the same cases")
            }
        }
    }

    /// Which accounts are linked: the devices each reported from and each one's contact (injected facts).
    public struct Links: Hashable, Sendable {
        public var devices: [UserID: Set<String>]
        public var contacts: [UserID: String]

        public init(devices: [UserID: Set<String>] = [:], contacts: [UserID: String] = [:]) {
            self.devices = devices
            self.contacts = contacts
        }

        /// Two different accounts sharing a device or a contact.
        public func linked(_ a: UserID, _ b: UserID) -> Bool {
            guard a != b else { return false }
            if let x = contacts[a], let y = contacts[b], !x.isEmpty, x == y { return true }
            if let x = devices[a], let y = devices[b], !x.isDisjoint(with: y) { return true }
            return false
        }
    }

    public var burstMaxAwards: Int
    public var burstWindow: TimeInterval
    public var pairingMinCases: Int
    public var pairingWindow: TimeInterval
    public var selfDealing: Bool

    public init(burstMaxAwards: Int = 10, burstWindow: TimeInterval = 3600, pairingMinCases: Int = 3, pairingWindow: TimeInterval = 30 * 86_400,
                selfDealing: Bool = true) {
        self.burstMaxAwards = burstMaxAwards
        self.burstWindow = burstWindow
        self.pairingMinCases = pairingMinCases
        self.pairingWindow = pairingWindow
        self.selfDealing = selfDealing
    }

    /// The first rule `award` breaks given `history` (earlier entries; voided ones and deductions do
    /// not count) and `links`, or `nil`: pay it.
    public func check(_ award: PointsAward, history: [PointsEntry], links: Links) -> Finding? {
        guard award.points > 0 else { return nil }
        return burst(award, history: history) ?? selfDealing(award, links: links) ?? repeatedPairing(award, history: history)
    }

    /// Burst: the award would be more than `burstMaxAwards` in the window for its account or its device.
    public func burst(_ award: PointsAward, history: [PointsEntry]) -> Finding? {
        let from = award.at.addingTimeInterval(-burstWindow)
        let recent = history.filter { $0.delta > 0 && $0.status != .voided && $0.reason != .reviewRelease && $0.at > from && $0.at <= award.at }
        if recent.count(where: { $0.account == award.account }) >= burstMaxAwards { return .burstAccount }
        if let device = award.deviceID, recent.count(where: { $0.deviceID == device }) >= burstMaxAwards { return .burstDevice }
        return nil
    }

    /// Self-dealing: the counterpart is another account linked to the one awarded.
    public func selfDealing(_ award: PointsAward, links: Links) -> Finding? {
        guard selfDealing, let counterpart = award.counterpart else { return nil }
        // One account on both sides (it reported the task it claimed and fixed) deals with itself.
        if counterpart == award.account { return .selfDealing }
        var links = links
        if let device = award.deviceID { links.devices[award.account, default: []].insert(device) }
        return links.linked(award.account, counterpart) ? .selfDealing : nil
    }

    /// Repeated pairing: with this case, the account and its counterpart met on `pairingMinCases`
    /// different cases or more within the window (either one awarded, the other the counterpart).
    public func repeatedPairing(_ award: PointsAward, history: [PointsEntry]) -> Finding? {
        guard let counterpart = award.counterpart, counterpart != award.account else { return nil }
        let from = award.at.addingTimeInterval(-pairingWindow)
        var cases = Set<CaseID>()
        for entry in history where entry.at > from && entry.at <= award.at && entry.status != .voided {
            guard let caseID = entry.caseID, caseID != award.caseID else { continue }
            if (entry.account == award.account && entry.counterpart == counterpart) || (entry.account == counterpart && entry.counterpart == award.account) {
                cases.insert(caseID)
            }
        }
        return cases.count + 1 >= pairingMinCases ? .repeatedPairing : nil
    }
}
