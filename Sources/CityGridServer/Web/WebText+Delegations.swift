import CityGridCore

/// The words of the delegations page (放权授权文字), in both languages.
extension WebText {
    static let delegations = LocalizedText(zh: "授权", en: "Delegations")
    static let delegationsHint = LocalizedText(zh: "上级把具名职权授予下级单位，在指定辖区、指定期限内行使；谁在何时因何授予、撤销，均留存可查。",
                                               en: "A higher level grants a lower body named powers within a jurisdiction for a time; who granted or revoked what, when and why is kept.")
    static let grantPower = LocalizedText(zh: "授予职权", en: "Grant a power")
    static let power = LocalizedText(zh: "职权", en: "Power")
    static let grantee = LocalizedText(zh: "被授权单位", en: "Body")
    static let delegationArea = LocalizedText(zh: "辖区", en: "Jurisdiction")
    static let delegationAreaHint = LocalizedText(zh: "区域代码；留空即该单位本身的辖区", en: "A region code; empty: the body's own jurisdiction")
    static let validFrom = LocalizedText(zh: "生效日期", en: "From")
    static let validUntil = LocalizedText(zh: "到期日期", en: "Until")
    static let delegationReason = LocalizedText(zh: "理由", en: "Reason")
    static let grantedBy = LocalizedText(zh: "授权人", en: "Granted by")
    static let delegationStatus = LocalizedText(zh: "状态", en: "Status")
    static let revoke = LocalizedText(zh: "撤销", en: "Revoke")
    static let revokeReason = LocalizedText(zh: "撤销理由", en: "Reason to revoke")
    static let revokedBy = LocalizedText(zh: "撤销人", en: "Revoked by")
    static let noDelegations = LocalizedText(zh: "暂无授权记录", en: "No delegations")
    static let delegationGranted = LocalizedText(zh: "已授权", en: "Granted")
    static let delegationRevoked = LocalizedText(zh: "已撤销授权", en: "Revoked")
}
