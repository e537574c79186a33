import CityGridCore

/// The words of personal data on the portal (个人信息): downloading one's data, closing one's account.
extension WebText {
    static let myData = LocalizedText(zh: "我的数据", en: "My data")
    static let downloadData = LocalizedText(zh: "下载我的全部数据（JSON）", en: "Download all my data (JSON)")
    static let downloadDataHint = LocalizedText(zh: "包括账号、联系方式、上报、评价、通知和积分。",
                                                en: "Your account, contact, reports, ratings, notifications and points.")
    static let closeAccount = LocalizedText(zh: "注销账号", en: "Close my account")
    static let closeAccountHint = LocalizedText(
        zh: "注销后，您的联系方式和登录方式将被删除，所有登录会话失效；您的上报仍将继续办理，但不再与您关联。此操作无法撤销。",
        en: "Closing removes your contact and your way to sign in and ends every session; your reports stay and are still handled, no longer linked to you. This cannot be undone.")
    static let closeAccountConfirm = LocalizedText(zh: "我已了解，确认注销", en: "I understand: close my account")
    static let accountClosed = LocalizedText(zh: "您的账号已注销。", en: "Your account is closed.")
}
