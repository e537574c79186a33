import CityGridCore

/// A caller's ``CaseVisibility`` resolved against one fact table (可见范围的行判定): a boolean per
/// grid for the regions, the departments' indexes and the reporter's index, so that a row test is a
/// few array reads.
///
/// The fact table does not hold a case's sub-tasks, so a body summoned to a case (吹哨报到) does
/// not see it here through the summons: what is counted is never more than the case list shows.
public struct FactAccess: Sendable {
    let everything: Bool
    /// Per grid index; `nil` when no region is visible.
    let gridOK: [Bool]?
    let departments: Set<UInt16>
    let reporter: Int32?

    public init(_ visibility: CaseVisibility, _ facts: CaseFacts) {
        let d = facts.dimensions
        everything = visibility.everything
        gridOK = visibility.regions.isEmpty ? nil : d.gridCodes.map { grid in visibility.regions.contains { $0.contains(grid) } }
        departments = Set(visibility.organisations.compactMap { d.departmentIndex(of: $0) })
        reporter = visibility.reporterID.flatMap { d.personIndex(of: $0) }
    }

    /// Nothing is visible.
    public var isEmpty: Bool { !everything && gridOK == nil && departments.isEmpty && reporter == nil }

    /// Whether the caller may read the case of `row`.
    @inline(__always)
    public func allows(_ row: Int, _ facts: CaseFacts) -> Bool {
        if everything { return true }
        if let gridOK {
            let g = Int(facts.grid[row])
            if g >= 0, gridOK[g] { return true }
        }
        if !departments.isEmpty, departments.contains(facts.department[row]) { return true }
        if let reporter, facts.reporter[row] == reporter { return true }
        return false
    }
}
