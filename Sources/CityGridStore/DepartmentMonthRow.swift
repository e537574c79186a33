/// The monthly figures of one department: what `citygrid evaluate` prints until the full evaluation.
public struct DepartmentMonthRow: Hashable, Codable, Sendable {
    public var departmentCode: String
    /// Cases reported in the month and dispatched to the department.
    public var reported: Int
    public var filed: Int
    public var closed: Int
    /// Closed cases that were disposed by their deadline.
    public var closedOnTime: Int

    public init(departmentCode: String, reported: Int, filed: Int, closed: Int, closedOnTime: Int) {
        self.departmentCode = departmentCode
        self.reported = reported
        self.filed = filed
        self.closed = closed
        self.closedOnTime = closedOnTime
    }
}
