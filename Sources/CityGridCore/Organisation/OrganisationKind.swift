/// What sort of body an organisation is.
public enum OrganisationKind: String, Codable, Sendable, CaseIterable {
    /// The supervision and command centre (监督指挥中心) that runs intake, filing, dispatch and closing.
    case centre
    /// A government department (职能部门), e.g. the water authority or the sanitation bureau.
    case department
    /// A subdistrict office (街道办事处).
    case subdistrictOffice = "subdistrict_office"
    /// A community office (社区居委会).
    case communityOffice = "community_office"
    /// An enterprise, typically a utility or a maintenance contractor (企业).
    case enterprise
    /// A non-governmental organisation (社会组织).
    case ngo
    /// A volunteer team (志愿服务队): claims low-risk tasks of its area, like an NGO.
    case volunteerTeam = "volunteer_team"

    /// Bodies that cases can be dispatched to: departments, enterprises and local offices, not the
    /// centre, NGOs or volunteer teams (which claim tasks instead).
    public var disposes: Bool { self != .centre && self != .ngo && self != .volunteerTeam }

    public var label: LocalizedText {
        switch self {
        case .centre: LocalizedText(zh: "监督指挥中心", en: "Supervision and command centre")
        case .department: LocalizedText(zh: "职能部门", en: "Government department")
        case .subdistrictOffice: LocalizedText(zh: "街道办事处", en: "Subdistrict office")
        case .communityOffice: LocalizedText(zh: "社区居委会", en: "Community office")
        case .enterprise: LocalizedText(zh: "企业", en: "Enterprise")
        case .ngo: LocalizedText(zh: "社会组织", en: "NGO")
        case .volunteerTeam: LocalizedText(zh: "志愿服务队", en: "Volunteer team")
        }
    }
}
