/// The channel a report came in through (信息来源).
public enum CaseSource: String, Codable, Sendable, CaseIterable {
    /// A grid inspector in the field (监督员上报).
    case inspector
    /// A citizen's app or web report (市民App/网站).
    case citizenApp = "citizen_app"
    /// The 12345 hotline (12345热线).
    case hotline
    /// An Open311 GeoReport client.
    case open311
    /// A sensor or a video analysis (物联感知/视频智能发现).
    case sensor
    /// An assignment from a higher level (上级交办).
    case higherLevel = "higher_level"

    public var label: LocalizedText {
        switch self {
        case .inspector: LocalizedText(zh: "监督员上报", en: "Grid inspector")
        case .citizenApp: LocalizedText(zh: "市民App", en: "Citizen app")
        case .hotline: LocalizedText(zh: "12345热线", en: "12345 hotline")
        case .open311: LocalizedText(zh: "Open311", en: "Open311")
        case .sensor: LocalizedText(zh: "物联感知", en: "Sensor")
        case .higherLevel: LocalizedText(zh: "上级交办", en: "Higher level")
        }
    }
}
