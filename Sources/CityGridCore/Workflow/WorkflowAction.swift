/// A step of the closed loop that someone takes on a case.
public enum WorkflowAction: String, Codable, Sendable, CaseIterable {
    /// 上报: a report arrives and the case is created.
    case report
    /// 受理: intake accepts the report.
    case accept
    /// 立案: the shift leader files it as a case.
    case file
    /// 派遣: the dispatcher sends it to the responsible body.
    case dispatch
    /// 处置完成: the body reports the problem disposed.
    case dispose
    /// 核查: an inspector checks on site and finds it fixed.
    case check
    /// 结案: the shift leader closes the case.
    case close

    public var label: LocalizedText {
        switch self {
        case .report: LocalizedText(zh: "上报", en: "Report")
        case .accept: LocalizedText(zh: "受理", en: "Accept")
        case .file: LocalizedText(zh: "立案", en: "File")
        case .dispatch: LocalizedText(zh: "派遣", en: "Dispatch")
        case .dispose: LocalizedText(zh: "处置完成", en: "Dispose")
        case .check: LocalizedText(zh: "核查通过", en: "Check")
        case .close: LocalizedText(zh: "结案", en: "Close")
        }
    }
}
