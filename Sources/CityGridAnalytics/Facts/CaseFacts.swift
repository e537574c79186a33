import CityGridCore
import Foundation

/// The columnar, in-memory fact table of every case (案件事实表): one row per case, one array per
/// column, built from the store at start and kept current as cases change.
///
/// Evaluation scans a few of these arrays, so a column holds the smallest integer that fits: times
/// are seconds since 2020-01-01 UTC in `Int32` (good until 2088), the day is a `UInt16`, categories
/// and departments are `UInt16` indices into ``dimensions``. About 138 bytes a case with the
/// standard workflow's ten stages (``memoryBytes``). Rows are appended in the order cases arrive;
/// ``clusterByMonth()`` may reorder them once after a load. ``monthRuns`` lists, per local month,
/// the row ranges reported in it, so a month is scanned without touching the others.
public struct CaseFacts: Sendable {
    /// 2020-01-01T00:00:00Z: the zero of the time columns.
    public static let epoch: Int64 = 1_577_836_800
    /// The day number (since 1970) of 2020-01-01, the zero of the `day` column.
    public static let epochDay = 18_262

    public internal(set) var dimensions: FactDimensions
    public internal(set) var caseID: [Int64] = []
    /// Seconds since ``epoch`` of the report.
    public internal(set) var reported: [Int32] = []
    /// The local day of the report, days since 2020-01-01.
    public internal(set) var day: [UInt16] = []
    public internal(set) var grid: [Int32] = []
    public internal(set) var category: [UInt16] = []
    public internal(set) var department: [UInt16] = []
    public internal(set) var flags: [UInt64] = []
    /// Per ``FactMeasure``, in its stored unit; 0 where the measure does not exist.
    public internal(set) var disposalSeconds: [Int32] = []
    public internal(set) var closureSeconds: [Int32] = []
    /// Satisfaction ×10 (10, 9, 0); 0 too where unanswered (``FactFlags/answered`` tells).
    public internal(set) var satisfaction: [UInt8] = []
    /// The effective disposal deadline, seconds since ``epoch``; 0 without one.
    public internal(set) var deadline: [Int32] = []
    /// Person indices (into ``FactDimensions/people``): the reporter, and who left each stage last
    /// and first.
    public internal(set) var reporter: [Int32] = []
    public internal(set) var stageActor: [[Int32]]
    public internal(set) var stageFirstActor: [[Int32]]
    /// The case's version: an update older than the row is ignored (steps may be announced out of order).
    public internal(set) var version: [Int32] = []
    /// When the case last changed by a step (``Case/updatedAt``), seconds since ``epoch``.
    public internal(set) var updated: [Int32] = []
    /// Per local month (index: months since 2020-01), the row ranges whose report falls in it.
    public internal(set) var monthRuns: [[Range<Int32>]] = []
    /// Row of each case id (`-1`: no row).
    private var rowOfCase: [Int32] = []

    mutating func setRow(_ row: Int32, ofCase id: Int64) {
        guard id >= 0, id < Self.denseIDs else { sparseRowOfCase[id] = row; return }
        if id >= rowOfCase.count { rowOfCase.append(contentsOf: repeatElement(-1, count: Int(id) - rowOfCase.count + 1)) }
        rowOfCase[Int(id)] = row
    }
    /// Rebuilds the case-id index from ``caseID`` (after columns were set in bulk, e.g. from a
    /// snapshot). Returns `false` when a case id appears twice.
    mutating func rebuildRowIndex() -> Bool {
        let dense = caseID.lazy.filter { $0 >= 0 && $0 < Self.denseIDs }.max().map { Int($0) + 1 } ?? 0
        // Room for the ids of the rows to come, allocated once (not filled, then grown and copied).
        let capacity = max(dense, caseID.capacity + 1)
        var index = [Int32](unsafeUninitializedCapacity: capacity) { buffer, count in
            UnsafeMutableBufferPointer(rebasing: buffer[0..<dense]).initialize(repeating: -1)
            count = dense
        }
        var sparse: [Int64: Int32] = [:]
        for (row, id) in caseID.enumerated() {
            if id >= 0, id < Self.denseIDs {
                guard index[Int(id)] < 0 else { return false }
                index[Int(id)] = Int32(row)
            } else {
                guard sparse.updateValue(Int32(row), forKey: id) == nil else { return false }
            }
        }
        rowOfCase = index
        sparseRowOfCase = sparse
        return true
    }
    mutating func replaceMonthRuns(_ runs: [[Range<Int32>]]) { monthRuns = runs }

    public init(dimensions: FactDimensions) {
        self.dimensions = dimensions
        self.stageActor = Array(repeating: [], count: dimensions.stages.count)
        self.stageFirstActor = Array(repeating: [], count: dimensions.stages.count)
    }

    public var count: Int { caseID.count }

    /// The row of a case, if it has one.
    public func row(ofCase id: CaseID) -> Int? { row(ofRawCase: id.rawValue) }

    func row(ofRawCase id: Int64) -> Int? {
        if id >= 0, id < rowOfCase.count { return rowOfCase[Int(id)] >= 0 ? Int(rowOfCase[Int(id)]) : nil }
        return sparseRowOfCase[id].map(Int.init)
    }

    /// Rows of case ids too large for ``rowOfCase`` (stores number cases from 1, so normally none).
    private var sparseRowOfCase: [Int64: Int32] = [:]
    private static let denseIDs: Int64 = 1 << 28

    /// Adds a case, or updates its row when it has one already (its report time and place never
    /// change); an update older than the row's version is ignored.
    public mutating func upsert(_ value: Case) {
        if let row = row(ofRawCase: value.id.rawValue) {
            if Int(version[row]) <= value.version { update(row, value) }
            return
        }
        let row = caseID.count
        // Grow by an eighth, not the standard library's doubling: the table is most of the memory.
        if row == caseID.capacity { reserveCapacity(row + max(1024, row / 8)) }
        let seconds = Self.seconds(value.reportedAt)
        let localDay = Int(floorDiv(Int64(seconds) + Int64(dimensions.utcOffsetSeconds), 86_400))
        caseID.append(value.id.rawValue)
        reported.append(seconds)
        day.append(UInt16(clamping: localDay))
        grid.append(dimensions.grid(value.chain.grid))
        category.append(dimensions.category(value.category))
        reporter.append(dimensions.person(value.reporterID))
        department.append(0); flags.append(0); disposalSeconds.append(0); closureSeconds.append(0)
        satisfaction.append(0); deadline.append(0)
        version.append(0); updated.append(0)
        for i in stageActor.indices { stageActor[i].append(0); stageFirstActor[i].append(0) }
        setRow(Int32(row), ofCase: value.id.rawValue)
        addToMonthRuns(row: Int32(row), month: Self.month(ofDay: localDay))
        update(row, value)
    }

    private mutating func update(_ row: Int, _ c: Case) {
        version[row] = Int32(clamping: c.version)
        updated[row] = Self.seconds(c.updatedAt)
        department[row] = dimensions.department(c.departmentCode)
        disposalSeconds[row] = c.disposedAt.map { Int32(clamping: Int64(Self.seconds($0)) - Int64(reported[row])) } ?? 0
        closureSeconds[row] = c.closedAt.map { Int32(clamping: Int64(Self.seconds($0)) - Int64(reported[row])) } ?? 0
        deadline[row] = c.deadlineAt.map(Self.seconds) ?? 0
        let answer = c.satisfaction
        satisfaction[row] = answer.map { UInt8($0.score * 10) } ?? 0
        var f = Self.caseFlags(c, answer: answer, terminal: dimensions.terminalStates)
        for (i, stage) in dimensions.stages.enumerated() {
            guard let entry = c.stageLog[stage] else { stageActor[i][row] = 0; stageFirstActor[i][row] = 0; continue }
            stageActor[i][row] = dimensions.person(entry.last.actorID)
            stageFirstActor[i][row] = dimensions.person(entry.first.actorID)
            f.insert(.stageDone(i))
            if entry.last.onTime == true { f.insert(.stageOnTime(i)) }
            if entry.first.onTime == true { f.insert(.stageFirstOnTime(i)) }
        }
        flags[row] = f.rawValue
    }

    static func caseFlags(_ c: Case, answer: Satisfaction?, terminal: Set<CaseState>) -> FactFlags {
        var f: FactFlags = []
        func set(_ flag: FactFlags, _ on: Bool) { if on { f.insert(flag) } }
        set(.filed, c.filedAt != nil); set(.dispatched, c.dispatchedAt != nil); set(.disposed, c.disposedAt != nil)
        // Compared to the second, as stored and exported.
        func byDeadline(_ done: Date?, _ due: Date?) -> Bool {
            guard let done, let due else { return false }
            return seconds(done) <= seconds(due)
        }
        set(.disposedOnTime, byDeadline(c.disposedAt, c.deadlineAt)); set(.closed, c.closedAt != nil)
        set(.closedOnTime, byDeadline(c.closedAt, c.caseDeadlineAt))
        set(.reworked, c.reworkCount > 0); set(.reworked3, c.reworkCount >= 3); set(.returned, c.returnCount > 0)
        set(.extended, c.extensionCount > 0); set(.suspended, c.suspendedSeconds > 0 || c.suspendedSince != nil)
        set(.supervised, c.supervisionCount > 0); set(.invalidated, c.state == .invalidated); set(.rejected, c.state == .rejected)
        set(.selfHandled, c.selfHandled); set(.merged, c.parentCaseID != nil); set(.reopening, c.reopenedFromID != nil)
        set(.fromInspector, c.source == .inspector); set(.fromPublic, [.citizenApp, .hotline, .open311].contains(c.source))
        set(.fromSensor, c.source == .sensor); set(.answered, answer != nil); set(.satisfied, answer == .satisfied)
        set(.basicallySatisfied, answer == .basicallySatisfied); set(.dissatisfied, answer == .dissatisfied)
        set(.solved, c.solved == true); set(.visited, c.solved != nil); set(.verified, c.verified)
        set(.component, c.kind == .component); set(.open, !terminal.contains(c.state))
        set(.redispatched, c.dispatchCount > 1); set(.accepted, c.acceptedAt != nil)
        set(.warned, !terminal.contains(c.state) && max(c.alertLevel, c.disposalAlertLevel) >= .warned)
        return f
    }

    private mutating func addToMonthRuns(row: Int32, month: Int) {
        guard month >= 0 else { return }
        if month >= monthRuns.count { monthRuns.append(contentsOf: repeatElement([], count: month - monthRuns.count + 1)) }
        if let last = monthRuns[month].last, last.upperBound == row {
            monthRuns[month][monthRuns[month].count - 1] = last.lowerBound..<row + 1
        } else {
            monthRuns[month].append(row..<row + 1)
        }
    }

    /// Seconds since ``epoch``.
    public static func seconds(_ date: Date) -> Int32 {
        Int32(clamping: Int64(date.timeIntervalSince1970.rounded(.down)) - epoch)
    }

    /// The month index (months since 2020-01) of a local day (days since 2020-01-01).
    public static func month(ofDay day: Int) -> Int {
        let (y, m, _) = LocalDate(dayNumber: day + epochDay).components
        return (y - 2020) * 12 + m - 1
    }

    /// Bytes held by the columns and dictionaries.
    public var memoryBytes: Int {
        let perRow = 8 + 4 + 2 + 4 + 2 + 2 + 8 + 4 + 4 + 1 + 4 + 4 + 4 + 4 + 8 * stageActor.count
        let runs = monthRuns.reduce(0) { $0 + $1.count * 8 + 32 }
        return caseID.capacity * perRow + rowOfCase.capacity * 4 + sparseRowOfCase.count * 40 + runs + dimensions.memoryBytes
    }

    /// Reserves room for `n` rows (bulk loads).
    public mutating func reserveCapacity(_ n: Int) {
        caseID.reserveCapacity(n); reported.reserveCapacity(n); day.reserveCapacity(n); grid.reserveCapacity(n)
        category.reserveCapacity(n); department.reserveCapacity(n)
        flags.reserveCapacity(n); disposalSeconds.reserveCapacity(n); closureSeconds.reserveCapacity(n)
        satisfaction.reserveCapacity(n); deadline.reserveCapacity(n); reporter.reserveCapacity(n); version.reserveCapacity(n); updated.reserveCapacity(n)
        rowOfCase.reserveCapacity(n + 1)
        for i in stageActor.indices { stageActor[i].reserveCapacity(n); stageFirstActor[i].reserveCapacity(n) }
    }
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
