extension CaseFacts {
    /// Reorders the rows by the month they were reported in, keeping their order within a month,
    /// so that each month is one contiguous run (当月连续存放).
    ///
    /// Cases that arrive live come in time order, but a store loaded at start, or a bulk load, can
    /// hold them in any order; a month scattered across the table makes one month's evaluation
    /// touch the whole table. Run once after a load; later appends keep the order by themselves.
    public mutating func clusterByMonth() {
        let n = count
        guard n > 1 else { return }
        // A stable counting sort on the month of each row.
        var months = [Int](repeating: 0, count: monthRuns.count)
        for (m, runs) in monthRuns.enumerated() { months[m] = runs.reduce(0) { $0 + $1.count } }
        guard months.filter({ $0 > 0 }).count < monthRuns.reduce(0, { $0 + $1.count }) else { return }  // already one run a month
        var start = [Int](repeating: 0, count: months.count)
        var total = 0
        for m in months.indices { start[m] = total; total += months[m] }
        var order = [Int32](repeating: 0, count: n)
        var placed = 0
        for (m, runs) in monthRuns.enumerated() {
            var at = start[m]
            for run in runs { for row in run { order[at] = row; at += 1 } }
            placed += at - start[m]
        }
        // Rows outside any month (reported before 2020) keep their place at the end.
        if placed < n {
            var inMonth = [Bool](repeating: false, count: n)
            for r in order.prefix(placed) { inMonth[Int(r)] = true }
            var at = placed
            for r in 0..<n where !inMonth[r] { order[at] = Int32(r); at += 1 }
        }
        func permute<T>(_ column: inout [T]) { column = order.map { column[Int($0)] } }
        permute(&caseID); permute(&reported); permute(&day); permute(&grid); permute(&category)
        permute(&department); permute(&flags); permute(&disposalSeconds); permute(&closureSeconds)
        permute(&satisfaction); permute(&deadline); permute(&reporter); permute(&version); permute(&updated)
        for i in stageActor.indices { permute(&stageActor[i]); permute(&stageFirstActor[i]) }
        for (row, id) in caseID.enumerated() { setRow(Int32(row), ofCase: id) }
        var runs = [[Range<Int32>]](repeating: [], count: months.count)
        for m in months.indices where months[m] > 0 { runs[m] = [Int32(start[m])..<Int32(start[m] + months[m])] }
        replaceMonthRuns(runs)
    }
}
