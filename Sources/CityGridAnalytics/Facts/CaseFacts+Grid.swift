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

extension CaseFacts {
    /// The open cases that took no step since their report (version 1: new reports, in the state
    /// reports land in), newest first, only those numbered below `before` when it is given: a scan
    /// of two columns, where the database indexes open cases by state only once they took a step
    /// (an entry per new report would cost intake a fifth of its rate).
    public func freshReportIDs(before: CaseID? = nil) -> [CaseID] {
        let below = before?.rawValue ?? .max
        let open = FactFlags.open.rawValue, merged = FactFlags.merged.rawValue
        var ids: [Int64] = []
        for row in version.indices where version[row] == 1 && flags[row] & open != 0 && flags[row] & merged == 0 && caseID[row] < below {
            ids.append(caseID[row])
        }
        ids.sort(by: >)
        return ids.map { CaseID($0) }
    }
}
