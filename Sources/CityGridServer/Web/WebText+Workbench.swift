import CityGridCore

/// The words of the role workbenches (工作台文字), in both languages.
extension WebText {
    static let myWorkbench = LocalizedText(zh: "我的工作台", en: "My workbench")
    static let workbenchHint = LocalizedText(zh: "按您的角色可办理的环节列出待办案件，最紧急的在前。",
                                             en: "The cases waiting for one of your roles, stage by stage, the most urgent first.")
    static let allMyCases = LocalizedText(zh: "我可办理的案件", en: "Cases I can see")
    static let queueEmpty = LocalizedText(zh: "此环节暂无待办案件", en: "Nothing waiting here")
    static let noQueues = LocalizedText(zh: "您的角色没有待办环节。", en: "None of your roles has a work queue.")
    static let overdueHeading = LocalizedText(zh: "超时与升级督办案件", en: "Overdue and escalated cases")
    static let overdueHint = LocalizedText(zh: "可督办（须填写理由），或打开案件召集相关单位（吹哨）。",
                                           en: "Supervise them (with a reason), or open a case to summon bodies.")
    static let nearMe = LocalizedText(zh: "按离我距离排序", en: "Sort by distance from me")
    static let nearMeHint = LocalizedText(zh: "使用浏览器定位，最近的案件排在前面。", en: "Uses your browser's location; the nearest cases come first.")
    static let nearMeFailed = LocalizedText(zh: "无法获取您的位置", en: "Your location is not available")
    static let nearOff = LocalizedText(zh: "取消距离排序", en: "Stop sorting by distance")
    static let sortedNear = LocalizedText(zh: "已按与您所在位置的距离排序", en: "Sorted by distance from where you are")
    static let due = LocalizedText(zh: "本环节时限", en: "Due")
    static let distance = LocalizedText(zh: "距离", en: "Distance")
    static let place = LocalizedText(zh: "位置", en: "Place")
    static let likelyDuplicate = LocalizedText(zh: "疑似重复：与以下在办案件相近", en: "Likely duplicate of this open case")
    static let thisReport = LocalizedText(zh: "新上报", en: "This report")
    static let openCase = LocalizedText(zh: "在办案件", en: "Open case")
    static let reportPhoto = LocalizedText(zh: "案件照片", en: "Photo of the case")
    static let noPhoto = LocalizedText(zh: "无照片", en: "No photo")
    static let proposal = LocalizedText(zh: "建议派遣单位", en: "Routing proposes")
    static let dispatchTo = LocalizedText(zh: "派遣至", en: "Dispatch to")
    static let reason = LocalizedText(zh: "理由", en: "Reason")
    static let mergeInto = LocalizedText(zh: "合并到案件（编号ID）", en: "Merge into case (id)")
    static let requestedHours = LocalizedText(zh: "申请延期工作小时", en: "Working hours asked for")
    static let moreOnCasePage = LocalizedText(zh: "在案件页办理", en: "On the case page")
    static let openTheCase = LocalizedText(zh: "打开案件", en: "Open the case")
    static let doneNotice = LocalizedText(zh: "已办理", en: "Done")
    static let viewCase = LocalizedText(zh: "查看案件", en: "View the case")
    static let casesWaiting = LocalizedText(zh: "件", en: "cases")
    static let nearInvalid = LocalizedText(zh: "位置须为“经度,纬度”", en: "near must be lon,lat")
    static let claimPool = LocalizedText(zh: "可认领任务", en: "Tasks to claim")
    static let claimPoolHint = LocalizedText(zh: "本单位可认领的低风险任务：认领后须在时限内处置并上传照片，逾期自动退回任务池。",
                                             en: "Low-risk tasks your organisation may claim: dispose of a claimed task with a photo in time, or it goes back to the pool.")
    static let claimTask = LocalizedText(zh: "认领", en: "Claim")
}
