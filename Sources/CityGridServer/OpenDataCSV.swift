import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation

/// Open data (开放数据): one CSV row per case from its public view, nothing the public may not see.
public enum OpenDataCSV {
    public static let header = "id,number,category,category_name_zh,category_name_en,group,channel,status,open,requested_at,updated_at,expected_at,closed_at,"
        + "agency,agency_name_zh,grid,community,subdistrict,district,lon,lat,description,reply,photos\n"

    public static func row(_ v: PublicCaseView) -> String {
        let fields: [String] = [
            v.id.description, v.number, v.category.rawValue, v.categoryName.zh, v.categoryName.en, v.group?.code ?? "", v.channel.rawValue,
            v.status.rawValue, v.status.isOpen ? "true" : "false", ISOTime.format(v.requestedAt), ISOTime.format(v.updatedAt),
            v.expectedAt.map(ISOTime.format) ?? "", v.closedAt.map(ISOTime.format) ?? "", v.agencyCode?.rawValue ?? "", v.agencyName?.zh ?? "",
            v.grid.rawValue, v.community.code.rawValue, v.subdistrict.code.rawValue, v.district.code.rawValue,
            String(format: "%.6f", v.place.lon), String(format: "%.6f", v.place.lat), v.description ?? "", v.reply ?? "",
            v.photos.compactMap(MediaReference.id(of:)).map { "/public/media/\($0)" }.joined(separator: " "),
        ]
        return fields.map(quote).joined(separator: ",") + "\n"
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; one that a
    /// spreadsheet would read as a formula (=, +, -, @ first) gets a leading apostrophe.
    static func quote(_ field: String) -> String {
        var text = field
        if let first = text.unicodeScalars.first, "=+-@".unicodeScalars.contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
