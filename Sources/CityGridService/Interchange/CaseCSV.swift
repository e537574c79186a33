import CityGridCore
import Foundation

/// The case export (`citygrid export cases --format csv`): one row per case, times in ISO 8601 UTC,
/// empty where a stage was not reached. The column set is a contract shared with the analysis
/// anchors (`shared/anchors`): add columns at the end only.
public enum CaseCSV {
    public static let columns = [
        "case_id", "case_number", "kind", "category_code", "source", "district_code", "subdistrict_code", "community_code",
        "grid_code", "department_code", "lon", "lat", "status", "reported_at", "filed_at", "dispatched_at", "disposed_at",
        "closed_at", "deadline_at", "rework_count", "extension_count", "return_count", "suspended_seconds", "satisfaction",
    ]

    public static var header: String { columns.joined(separator: ",") + "\n" }

    /// One row, newline included.
    public static func row(_ c: Case) -> String {
        func time(_ d: Date?) -> String { d.map(ISOTime.format) ?? "" }
        let fields: [String] = [
            String(c.id), c.number, c.kind.rawValue, c.category.major + c.category.minor, c.source.rawValue,
            c.chain.district.rawValue, c.chain.subdistrict.rawValue, c.chain.community.rawValue, c.chain.grid.rawValue,
            c.departmentCode ?? "", Decimal7.format(c.location.lon), Decimal7.format(c.location.lat), c.state.rawValue,
            time(c.reportedAt), time(c.filedAt), time(c.dispatchedAt), time(c.disposedAt), time(c.closedAt), time(c.deadlineAt),
            String(c.reworkCount), String(c.extensionCount), String(c.returnCount), String(c.suspendedSeconds), c.satisfaction ?? "",
        ]
        return fields.map(escape).joined(separator: ",") + "\n"
    }

    /// Quotes a field holding a comma, a quote or a line break (RFC 4180).
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
