/// A body that takes part in the closed loop: the centre, a department, a subdistrict or community
/// office, an enterprise or an NGO.
public struct Organisation: Hashable, Codable, Sendable, Identifiable {
    /// A short stable code, e.g. `D-WATER` or `E-POWERGRID`.
    public var code: OrganisationCode
    public var name: LocalizedText
    public var kind: OrganisationKind
    /// The kinds of problem this body disposes (``Responsibility`` raw values such as `water`),
    /// used by automatic routing.
    public var responsibilities: [String]
    /// The region it serves; `nil` means the whole city.
    public var jurisdiction: RegionCode?

    public var id: OrganisationCode { code }

    public init(code: OrganisationCode, name: LocalizedText, kind: OrganisationKind, responsibilities: [String] = [], jurisdiction: RegionCode? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.responsibilities = responsibilities
        self.jurisdiction = jurisdiction
    }

    /// True when the body serves the region `code` (its jurisdiction contains it, or it is city-wide).
    public func serves(_ code: RegionCode) -> Bool {
        jurisdiction.map { $0.contains(code) } ?? true
    }
}
