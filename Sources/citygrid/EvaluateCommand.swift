import ArgumentParser
import CityGridCore
import CityGridService
import Foundation

struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Monthly figures per department: reported, filed, closed, closed on time.",
        discussion: "The month is in the city's local time (its calendar's UTC offset). A case counts in the month it was reported.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The month, YYYY-MM.") var month: String
    @Option(help: "Output: table, json or csv.") var format = "table"
    @Option(help: "Language of names: zh or en.") var lang = "zh"

    func run() async throws {
        let parts = month.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
              let first = LocalDate(year: y, month: m, day: 1) else {
            throw ValidationError("--month must be YYYY-MM, e.g. 2026-10")
        }
        guard ["table", "json", "csv"].contains(format) else { throw ValidationError("--format must be table, json or csv") }
        let next = m == 12 ? LocalDate(year: y + 1, month: 1, day: 1)! : LocalDate(year: y, month: m + 1, day: 1)!
        let service = try await database.openService()
        let offset = Double(service.city.calendar.utcOffsetSeconds)
        let from = Date(timeIntervalSince1970: Double(first.dayNumber) * 86_400 - offset)
        let to = Date(timeIntervalSince1970: Double(next.dayNumber) * 86_400 - offset)
        let rows = try await service.store.departmentSummary(reportedFrom: from, to: to)
        let names = Dictionary(service.city.organisations.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let language = Language(preference: lang)
        switch format {
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        case "csv":
            print("month,department_code,reported,filed,closed,closed_on_time")
            for r in rows { print("\(month),\(r.departmentCode),\(r.reported),\(r.filed),\(r.closed),\(r.closedOnTime)") }
        default:
            let head = language == .zh ? ["单位", "上报", "立案", "结案", "按期结案", "按期率"] : ["Department", "Reported", "Filed", "Closed", "On time", "On-time %"]
            print("\(month)  " + head.joined(separator: "\t"))
            for r in rows {
                let name = r.departmentCode.isEmpty ? (language == .zh ? "（未派遣）" : "(not dispatched)") : (names[r.departmentCode]?.text(language) ?? r.departmentCode)
                let rate = r.closed > 0 ? String(format: "%.1f", 100 * Double(r.closedOnTime) / Double(r.closed)) : "–"
                print("\(name)\t\(r.reported)\t\(r.filed)\t\(r.closed)\t\(r.closedOnTime)\t\(rate)")
            }
        }
    }
}
