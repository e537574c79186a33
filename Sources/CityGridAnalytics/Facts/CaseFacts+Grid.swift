import CityGridCore

extension CaseFacts {
    /// The cases reported in one grid (网格内案件), newest first (by number), only those numbered below
    /// `before` when it is given: a scan of the grid column, a millisecond over a million rows, where
    /// the database has no index on the grid (one would cost intake a third of its throughput).
    public func caseIDs(inGrid code: RegionCode, before: CaseID? = nil) -> [CaseID] {
        let g = dimensions.grid(code)
        guard g >= 0 else { return [] }
        let below = before?.rawValue ?? .max
        var ids: [Int64] = []
        grid.withUnsafeBufferPointer { column in
            for row in column.indices where column[row] == g && caseID[row] < below { ids.append(caseID[row]) }
        }
        ids.sort(by: >)
        return ids.map { CaseID($0) }
    }
}
