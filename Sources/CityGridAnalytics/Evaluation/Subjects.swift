import CityGridCore

/// The subjects of one class (the districts, the departments, the inspectors, …) and how a fact
/// row's dimension index maps to one of them (its slot).
public struct Subjects: Sendable {
    public struct Subject: Sendable, Hashable {
        /// The region code, organisation code or user id.
        public var code: String
        public var name: LocalizedText
    }

    public var subjectClass: SubjectClass
    public var list: [Subject]
    /// Per region or body: the area in km², for densities (0 for people).
    public var areaKm2: [Double]
    /// Slot per grid index (regions), department index (bodies) or person index (people); `-1`: none.
    public var slotOfKey: [Int32]
    /// People: per grid index, the slots of the inspectors whose jurisdiction holds the grid (CSR).
    public var gridInspectorOffsets: [Int32] = []
    public var gridInspectorSlots: [Int32] = []

    public func slot(of code: String) -> Int? { list.firstIndex { $0.code == code } }

    /// Builds the subjects of `subjectClass` for the current dimensions.
    public init(_ subjectClass: SubjectClass, city: CityModel, users: [User], dimensions d: FactDimensions) {
        self.subjectClass = subjectClass
        let regionNames = Dictionary(city.regions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        switch subjectClass {
        case .grid, .community, .subdistrict, .district:
            let (codes, ofGrid): ([RegionCode], [Int32]) = switch subjectClass {
            case .grid: (d.gridCodes, Array(0..<Int32(d.gridCodes.count)))
            case .community: (d.communities, d.gridCommunity)
            case .subdistrict: (d.subdistricts, d.gridSubdistrict)
            default: (d.districts, d.gridDistrict)
            }
            let gridNames = subjectClass == .grid ? Dictionary(city.grids.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }) : [:]
            list = codes.map { Subject(code: $0.rawValue, name: gridNames[$0] ?? regionNames[$0] ?? LocalizedText(zh: $0.rawValue, en: $0.rawValue)) }
            slotOfKey = ofGrid
            var area = Array(repeating: 0.0, count: codes.count)
            for (g, s) in ofGrid.enumerated() { area[Int(s)] += d.gridArea[g] / 1_000_000 }
            areaKm2 = area
        case .department, .enterprise, .ngo:
            let kinds: Set<OrganisationKind> = switch subjectClass {
            case .enterprise: [.enterprise]
            case .ngo: [.ngo, .volunteerTeam]
            default: Set(OrganisationKind.allCases.filter(\.disposes))
            }
            let organisations = city.organisations.filter { kinds.contains($0.kind) }
            list = organisations.map { Subject(code: $0.code.rawValue, name: $0.name) }
            slotOfKey = Array(repeating: -1, count: d.departments.count)
            for (slot, o) in organisations.enumerated() {
                if let i = d.departmentIndex(of: o.code) { slotOfKey[Int(i)] = Int32(slot) }
            }
            areaKm2 = Array(repeating: 0, count: list.count)
        case .inspector, .intakeOperator, .shiftLeader, .dispatcher:
            let people = users.filter { $0.role == subjectClass.role }
            list = people.map { Subject(code: $0.id.description, name: LocalizedText(zh: $0.displayName, en: $0.displayName)) }
            slotOfKey = Array(repeating: -1, count: d.people.count)
            for (slot, u) in people.enumerated() {
                if let i = d.personIndex(of: u.id) { slotOfKey[Int(i)] = Int32(slot) }
            }
            areaKm2 = Array(repeating: 0, count: list.count)
            if subjectClass == .inspector {
                // The inspectors responsible for each grid: those whose jurisdiction holds it.
                // (A city-wide inspector is responsible for no grid in particular.)
                var byRegion: [RegionCode: [Int32]] = [:]
                for (slot, u) in people.enumerated() { if let j = u.jurisdiction { byRegion[j, default: []].append(Int32(slot)) } }
                var offsets: [Int32] = [0], slots: [Int32] = []
                for code in d.gridCodes {
                    let chain = GridChain(grid: code)
                    for region in [chain.district, chain.subdistrict, chain.community, code] { slots += byRegion[region] ?? [] }
                    offsets.append(Int32(slots.count))
                }
                gridInspectorOffsets = offsets
                gridInspectorSlots = slots
            }
        }
    }
}
