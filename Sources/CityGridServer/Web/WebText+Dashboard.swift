import CityGridCore

/// The words of the leaders' dashboards (领导驾驶舱) and the command centre's wall (大屏), in both
/// languages.
extension WebText {
    static let hotSpotCategory = LocalizedText(zh: "类别（代码前缀，可空）", en: "Category (code prefix, optional)")
    static let hotSpotHeading = LocalizedText(zh: "热点分析（Getis-Ord Gi*）", en: "Hot spots (Getis-Ord Gi*)")
    static let hotSpotMapLabel = LocalizedText(zh: "单元网格热点地图：按 Gi* 热点、冷点分类着色，点击网格查看其指标和案件",
                                               en: "Map of the unit grids coloured by their Gi* hot- or cold-spot class; select a grid for its figures and cases")
    static let hotSpotHint = LocalizedText(zh: "热点：案件数显著高于周边网格；冷点：显著低于周边。图例与下表以文字给出每一类。",
                                           en: "Hot spot: significantly more cases than the grids around it; cold spot: significantly fewer. The legend and the table below name every class in words.")
    static let hotSpotLegend = LocalizedText(zh: "图例", en: "Legend")
    static let grids = LocalizedText(zh: "网格数", en: "Grids")
    static let hottest = LocalizedText(zh: "最显著的热点网格", en: "The strongest hot spots")
    static let noHotSpots = LocalizedText(zh: "本时段没有显著热点", en: "No significant hot spot in this period")
    static let hotSpotClass = LocalizedText(zh: "热点类别", en: "Class")
    static let zScore = LocalizedText(zh: "z 值", en: "z-score")
    static let gridFigures = LocalizedText(zh: "网格指标明细", en: "The grid's figures")
    static let recurringHeading = LocalizedText(zh: "每月一题：反复出现的问题", en: "Recurring problems (one problem a month)")
    static let recurringHint = LocalizedText(zh: "按案件量、增长和反复出现程度排序，作为下月专项治理的候选主题。",
                                             en: "Ranked by volume, growth and recurrence: candidate themes for next month's campaign.")
    static let theme = LocalizedText(zh: "主题", en: "Theme")
    static let volume = LocalizedText(zh: "案件量", en: "Cases")
    static let growth = LocalizedText(zh: "增长（末月/此前月均）", en: "Growth (last month / earlier mean)")
    static let recurrence = LocalizedText(zh: "上榜月数", en: "Months in the top")
    static let monthly = LocalizedText(zh: "各月案件数", en: "Cases per month")
    static let forecast = LocalizedText(zh: "下月预测", en: "Forecast")
    static let noThemes = LocalizedText(zh: "窗口内没有达到门槛的问题", en: "No problem reached the threshold in the window")
    static let recurringCityOnly = LocalizedText(zh: "每月一题面向全市，需全市范围的分析权限。", en: "Recurring problems are proposed for the whole city: they need city-wide analytics.")
    static let timeToCloseHeading = LocalizedText(zh: "结案用时分布", en: "Time to close")
    static let timeToCloseHint = LocalizedText(zh: "从上报到结案的自然小时数（含夜间、周末）。", en: "Calendar hours from report to closure (nights and weekends included).")
    static let timeToCloseChart = LocalizedText(zh: "结案用时直方图", en: "Histogram of the hours to close")
    static let byCategoryGroup = LocalizedText(zh: "按大类", en: "By category group")
    static let byBody = LocalizedText(zh: "按责任单位（案件最多的8个）", en: "By body (the 8 with most cases)")
    static let group = LocalizedText(zh: "分组", en: "Group")
    static let closedCases = LocalizedText(zh: "结案数", en: "Closed")
    static let median = LocalizedText(zh: "中位数（小时）", en: "Median (h)")
    static let p90 = LocalizedText(zh: "90% 分位（小时）", en: "90th percentile (h)")
    static let mean = LocalizedText(zh: "平均（小时）", en: "Mean (h)")
    static let boxChart = LocalizedText(zh: "结案用时箱线图：中位数、90% 分位、95% 分位", en: "Box chart of the hours to close: median, 90th and 95th percentiles")
    static let allCases = LocalizedText(zh: "全部", en: "All")
    static let noClosed = LocalizedText(zh: "本时段没有已结案的案件", en: "No case of the period is closed")
    static let cityRules = LocalizedText(zh: "城市自定义规则文件", en: "The city's own rule file")
    static let cityRulesHint = LocalizedText(zh: "粘贴或选择一个规则文件（格式同 citygrid export rules）。校验通过后会出现在上方“规则集”中。",
                                             en: "Paste or choose a rule file (as citygrid export rules writes one). Once checked it appears in the rule set select above.")
    static let ruleFileText = LocalizedText(zh: "规则文件内容", en: "Rule file text")
    static let ruleFileChoose = LocalizedText(zh: "从文件读取", en: "Read from a file")
    static let useRuleFile = LocalizedText(zh: "使用此规则文件", en: "Use this rule file")
    static let wall = LocalizedText(zh: "指挥中心大屏", en: "Command centre wall")
    static let openNow = LocalizedText(zh: "在办案件", en: "Open cases")
    static let overdueNow = LocalizedText(zh: "超时案件", en: "Overdue")
    static let warnedNow = LocalizedText(zh: "预警案件", en: "Warned")
    static let reportedToday = LocalizedText(zh: "今日上报", en: "Reported today")
    static let best = LocalizedText(zh: "排名前五", en: "Top five")
    static let worst = LocalizedText(zh: "排名后五", en: "Bottom five")
    static let updatedAt = LocalizedText(zh: "更新于", en: "Updated")
    static let refreshHint = LocalizedText(zh: "本页每60秒自动刷新", en: "This page refreshes itself every 60 seconds")
    static let last30Days = LocalizedText(zh: "近30天每日上报案件数", en: "Cases reported each day, last 30 days")

    /// The dashboard template's own labels, by the names the template uses.
    static func dashboardLabels(_ language: PageLanguage) -> [String: String] {
        [
            "categoryLabel": language.text(hotSpotCategory), "cityRulesLabel": language.text(cityRules),
            "cityRulesHint": language.text(cityRulesHint), "ruleFileLabel": language.text(ruleFileText),
            "ruleFileChoose": language.text(ruleFileChoose), "useRuleFile": language.text(useRuleFile),
            "wallLabel": language.text(wall),
        ]
    }
}
