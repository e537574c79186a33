/// A major class (大类) of the catalogue.
public struct MajorClass: Hashable, Codable, Sendable {
    public var kind: CaseKind
    public var code: String
    public var name: LocalizedText

    public init(kind: CaseKind, code: String, name: LocalizedText) {
        self.kind = kind
        self.code = code
        self.name = name
    }
}

/// A minor class (小类) with its case standard (立结案标准): when a report becomes a case, when the case
/// may close, how long disposal may take, and which kind of body disposes it.
public struct CatalogueEntry: Hashable, Codable, Sendable, Identifiable {
    public var code: CategoryCode
    public var name: LocalizedText
    /// 立案条件: what must be true for a report to be filed.
    public var filingCondition: LocalizedText
    /// 结案条件: what must be true on site for the case to close.
    public var closingCondition: LocalizedText
    public var timeLimit: TimeLimit
    /// The kind of body responsible, e.g. `water` or `sanitation` (matched against
    /// ``Organisation/responsibilities`` by routing).
    public var responsible: String
    /// The relative frequency of reports of this class in a typical city; the simulator draws from it.
    public var typicalShare: Double
    /// Words a citizen may search for it by (Open311's `keywords`), besides its names.
    public var keywords: [String] = []
    /// What it asks of the reporter besides place and description (Open311's attributes), in order.
    public var questions: [CatalogueQuestion] = []
    /// The kinds of organisation that may claim an open case of this class from the pool (认领):
    /// low-risk tasks for NGOs and volunteer teams. Empty: only dispatched, never claimed.
    public var claimableBy: [OrganisationKind] = []

    public var id: CategoryCode { code }

    public init(code: CategoryCode, name: LocalizedText, filingCondition: LocalizedText, closingCondition: LocalizedText,
                timeLimit: TimeLimit, responsible: String, typicalShare: Double) {
        self.code = code
        self.name = name
        self.filingCondition = filingCondition
        self.closingCondition = closingCondition
        self.timeLimit = timeLimit
        self.responsible = responsible
        self.typicalShare = typicalShare
    }
}
