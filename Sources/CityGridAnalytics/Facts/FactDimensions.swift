import CityGridCore

/// The dictionaries behind the fact table's small integer columns (维度): grids with their community,
/// subdistrict and district, departments, categories and people. Index 0 of departments and
/// people means "none"; values first seen in a case (a department or a user added after the start)
/// are appended, so an index never changes meaning.
public struct FactDimensions: Sendable {
    public private(set) var gridCodes: [RegionCode]
    /// Per grid: its community, subdistrict and district as indices into the lists below.
    public private(set) var gridCommunity: [Int32]
    public private(set) var gridSubdistrict: [Int32]
    public private(set) var gridDistrict: [Int32]
    public private(set) var gridArea: [Double]
    public private(set) var communities: [RegionCode]
    public private(set) var subdistricts: [RegionCode]
    public private(set) var districts: [RegionCode]
    /// Department codes; index 0 is "not dispatched".
    public private(set) var departments: [String]
    public private(set) var categories: [CategoryCode]
    /// User ids; index 0 is "nobody" (anonymous reporters, the system).
    public private(set) var people: [Int64]
    /// The workflow's stage names, in order (at most ``FactFlags/maxStages``).
    public let stages: [String]
    /// The workflow's terminal states (a case in one is not ``FactFlags/open``).
    public let terminalStates: Set<CaseState>
    /// Seconds east of UTC of the city's local time, which decides the day a case belongs to.
    public let utcOffsetSeconds: Int

    private var gridIndex: [RegionCode: Int32] = [:]
    private var departmentIndex: [String: UInt16] = [:]
    private var categoryIndex: [CategoryCode: UInt16] = [:]
    private var personIndex: [Int64: Int32] = [:]

    public init(city: CityModel, users: [User]) {
        stages = Array(city.workflow.stageNames.prefix(FactFlags.maxStages))
        utcOffsetSeconds = city.calendar.utcOffsetSeconds
        terminalStates = Set(city.workflow.states.values.filter(\.terminal).map(\.name))
        gridCodes = []; gridCommunity = []; gridSubdistrict = []; gridDistrict = []; gridArea = []
        communities = []; subdistricts = []; districts = []
        departments = [""]; categories = []; people = [0]
        var community: [RegionCode: Int32] = [:], subdistrict: [RegionCode: Int32] = [:], district: [RegionCode: Int32] = [:]
        func index(_ code: RegionCode, _ map: inout [RegionCode: Int32], _ list: inout [RegionCode]) -> Int32 {
            if let i = map[code] { return i }
            map[code] = Int32(list.count)
            list.append(code)
            return Int32(list.count - 1)
        }
        for grid in city.grids {
            let chain = GridChain(grid: grid.code)
            gridIndex[grid.code] = Int32(gridCodes.count)
            gridCodes.append(grid.code)
            gridArea.append(grid.areaSquareMetres)
            gridCommunity.append(index(chain.community, &community, &communities))
            gridSubdistrict.append(index(chain.subdistrict, &subdistrict, &subdistricts))
            gridDistrict.append(index(chain.district, &district, &districts))
        }
        for organisation in city.organisations where organisation.kind != .centre { _ = department(organisation.code) }
        for entry in city.catalogue.entries { _ = category(entry.code) }
        for user in users { _ = person(user.id) }
    }

    /// The grid's index, `-1` for a grid the city does not have (its case counts in no region).
    public func grid(_ code: RegionCode) -> Int32 { gridIndex[code] ?? -1 }

    public func departmentIndex(of code: OrganisationCode) -> UInt16? { departmentIndex[code.rawValue] }
    public func personIndex(of id: UserID) -> Int32? { personIndex[id.rawValue] }

    /// The department at `index` of the compact column (`nil` for index 0, "not dispatched").
    public func department(at index: UInt16) -> OrganisationCode? {
        index == 0 || Int(index) >= departments.count ? nil : OrganisationCode(departments[Int(index)])
    }

    /// The user at `index` of the compact column (`nil` for index 0, "nobody").
    public func person(at index: Int32) -> UserID? {
        index <= 0 || Int(index) >= people.count ? nil : UserID(people[Int(index)])
    }

    // The boundary between typed identifiers and the compact columns: the lists keep raw values
    // (the snapshot's form), index 0 standing for "none".
    mutating func department(_ code: OrganisationCode?) -> UInt16 { department(code?.rawValue) }
    mutating func person(_ id: UserID?) -> Int32 { person(id?.rawValue ?? 0) }

    private mutating func department(_ code: String?) -> UInt16 {
        guard let code, !code.isEmpty else { return 0 }
        if let i = departmentIndex[code] { return i }
        let i = UInt16(min(departments.count, Int(UInt16.max)))
        departmentIndex[code] = i
        departments.append(code)
        return i
    }

    /// The index of a category already in the table, without adding it.
    public func categoryIndexIfKnown(_ code: CategoryCode) -> UInt16? { categoryIndex[code] }

    mutating func category(_ code: CategoryCode) -> UInt16 {
        if let i = categoryIndex[code] { return i }
        let i = UInt16(min(categories.count, Int(UInt16.max)))
        categoryIndex[code] = i
        categories.append(code)
        return i
    }

    private mutating func person(_ id: Int64) -> Int32 {
        guard id != 0 else { return 0 }
        if let i = personIndex[id] { return i }
        let i = Int32(people.count)
        personIndex[id] = i
        people.append(id)
        return i
    }

    /// A hash of what the city fixes about the dictionaries (grids with their regions and areas,
    /// the workflow's stages and terminal states, the local time offset): a fact-table snapshot
    /// built with other dimensions is not used. Departments, categories and people are not in
    /// it: they only ever grow, and a snapshot carries its own lists (``adoptGrowingLists(departments:categories:people:)``).
    public var fingerprint: UInt64 {
        var h = SnapshotChecksum.FNV()
        h.add(UInt64(gridCodes.count))
        for (i, code) in gridCodes.enumerated() {
            h.add(code.rawValue); h.add(gridArea[i].bitPattern)
            h.add(UInt64(UInt32(bitPattern: gridCommunity[i]))); h.add(UInt64(UInt32(bitPattern: gridSubdistrict[i]))); h.add(UInt64(UInt32(bitPattern: gridDistrict[i])))
        }
        for list in [communities, subdistricts, districts] { h.add(UInt64(list.count)); for code in list { h.add(code.rawValue) } }
        h.add(UInt64(stages.count)); for stage in stages { h.add(stage) }
        let terminal = terminalStates.map(\.rawValue).sorted()
        h.add(UInt64(terminal.count)); for state in terminal { h.add(state) }
        h.add(UInt64(bitPattern: Int64(utcOffsetSeconds)))
        return h.value
    }

    /// Takes the department, category and people lists of a snapshot (the indices its columns hold),
    /// then appends the city's values the snapshot had not seen, as ``init(city:users:)`` would.
    /// Fails (returns `false`, changing nothing) when a list repeats a value or index 0 is not "none".
    mutating func adoptGrowingLists(departments newDepartments: [String], categories newCategories: [CategoryCode], people newPeople: [Int64]) -> Bool {
        guard newDepartments.first == "", newPeople.first == 0,
              newDepartments.count <= Int(UInt16.max), newCategories.count <= Int(UInt16.max) else { return false }
        var d: [String: UInt16] = [:], c: [CategoryCode: UInt16] = [:], p: [Int64: Int32] = [:]
        d.reserveCapacity(newDepartments.count); c.reserveCapacity(newCategories.count); p.reserveCapacity(newPeople.count)
        for (i, code) in newDepartments.enumerated().dropFirst() { guard d.updateValue(UInt16(i), forKey: code) == nil else { return false } }
        for (i, code) in newCategories.enumerated() { guard c.updateValue(UInt16(i), forKey: code) == nil else { return false } }
        for (i, id) in newPeople.enumerated().dropFirst() { guard id != 0, p.updateValue(Int32(i), forKey: id) == nil else { return false } }
        let (oldDepartments, oldCategories, oldPeople) = (departments, categories, people)
        departments = newDepartments; categories = newCategories; people = newPeople
        departmentIndex = d; categoryIndex = c; personIndex = p
        for code in oldDepartments.dropFirst() { _ = department(code) }
        for code in oldCategories { _ = category(code) }
        for id in oldPeople.dropFirst() { _ = person(id) }
        return true
    }

    /// An estimate of the dictionaries' memory, for the bytes-per-case figure.
    public var memoryBytes: Int {
        gridCodes.count * (16 + 12 + 8 + 40) + departments.count * 60 + categories.count * 50 + people.count * 40
    }
}
