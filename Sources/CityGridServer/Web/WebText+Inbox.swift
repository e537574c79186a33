import CityGridCore

/// The words of the inbox and notice preference pages (消息通知文字), in both languages.
extension WebText {
    static let inbox = LocalizedText(zh: "消息", en: "Inbox")
    static let myInbox = LocalizedText(zh: "我的消息", en: "My notices")
    static let organisationInbox = LocalizedText(zh: "单位消息", en: "Organisation notices")
    static let unreadCount = LocalizedText(zh: "未读", en: "Unread")
    static let inboxEmpty = LocalizedText(zh: "暂无消息", en: "No notices")
    static let markRead = LocalizedText(zh: "标为已读", en: "Mark read")
    static let markAllRead = LocalizedText(zh: "全部标为已读", en: "Mark all read")
    static let unreadMark = LocalizedText(zh: "未读", en: "Unread")
    static let olderNotices = LocalizedText(zh: "更早的消息", en: "Older notices")
    static let noticePreferences = LocalizedText(zh: "通知设置", en: "Notice preferences")
    static let noticePreferencesHint = LocalizedText(zh: "站内信始终开启；短信和电子邮件仅发往您登记的手机号或邮箱。",
                                                     en: "The inbox is always on; SMS and e-mail go only to the phone number or address you signed up with.")
    static let noticeKind = LocalizedText(zh: "通知类别", en: "Kind of notice")
    static let savePreferences = LocalizedText(zh: "保存设置", en: "Save preferences")
    static let preferencesSaved = LocalizedText(zh: "通知设置已保存", en: "Preferences saved")
}
