import CityGridCore

/// The command centre's words (监督指挥中心).
extension WebText {
    static let centre = LocalizedText(zh: "指挥中心", en: "Command centre")
    static let centreHeading = LocalizedText(zh: "监督指挥中心：全城网格态势", en: "Command centre: the city's grids")
    static let centreMapLabel = LocalizedText(zh: "全城单元网格地图，按未结案件着色", en: "Map of the city's unit grids, coloured by open cases")
    static let centreMapHint = LocalizedText(zh: "点击网格查看其案件；也可在下方按区域筛选。",
                                             en: "Click a grid to list its cases, or filter by region below.")
    static let reportedWithin = LocalizedText(zh: "上报时段", en: "Reported")
    static let periodAll = LocalizedText(zh: "全部未结", en: "All open")
    static let periodToday = LocalizedText(zh: "今天", en: "Today")
    static let period7d = LocalizedText(zh: "近7天", en: "Last 7 days")
    static let period30d = LocalizedText(zh: "近30天", en: "Last 30 days")
    static let categoryGroup = LocalizedText(zh: "类别大类", en: "Category group")
    static let body = LocalizedText(zh: "责任单位", en: "Body")
    static let region = LocalizedText(zh: "区域或网格代码", en: "Region or grid code")
    static let legend = LocalizedText(zh: "图例", en: "Legend")
    static let legendNone = LocalizedText(zh: "无未结案件", en: "No open case")
    static let legendOpen = LocalizedText(zh: "有未结案件", en: "Open cases")
    static let legendWarned = LocalizedText(zh: "有预警案件", en: "Cases with a warning")
    static let legendOverdue = LocalizedText(zh: "有超时案件", en: "Overdue cases")
    static let openCases = LocalizedText(zh: "未结", en: "Open")
    static let warnedCases = LocalizedText(zh: "预警", en: "Warning")
    static let overdueCases = LocalizedText(zh: "超时", en: "Overdue")
    static let totals = LocalizedText(zh: "合计", en: "In all")
    static let casesIn = LocalizedText(zh: "案件列表", en: "Cases")
    static let pickRegion = LocalizedText(zh: "在地图上点击一个网格，或输入区域代码。", en: "Click a grid on the map, or enter a region code.")
    static let more = LocalizedText(zh: "更多", en: "More")
    static let mapLoading = LocalizedText(zh: "地图加载中…", en: "Loading the map…")
}
