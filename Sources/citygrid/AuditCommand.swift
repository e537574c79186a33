import ArgumentParser
import CityGridCore
import CityGridService
import CityGridStore
import Foundation

/// `citygrid audit`: the audit logs (审计), read-only.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read the audit logs (审计).", subcommands: [AuditPersonalData.self])
}

/// `citygrid audit personal-data --db PATH [--user U] [--case N]`: the staff reads of personal data
/// as CSV, oldest first.
struct AuditPersonalData: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "personal-data",
        abstract: "Write the staff reads of personal data as CSV: id,at,reader,reader_role,case_id,subject_id,fields,purpose.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only the reads by this username.") var user: String?
    @Option(name: .customLong("case"), help: "Only the reads of this case's personal data (its id).") var caseID: Int64?

    func run() async throws {
        let store = try database.openStore()
        let users = Dictionary(try await store.users().map { ($0.id, $0.username) }, uniquingKeysWith: { first, _ in first })
        var query = PersonalDataReadQuery(caseID: caseID.map { CaseID(rawValue: $0) }, limit: PersonalDataReadQuery.maxLimit)
        if let user {
            guard let id = users.first(where: { $0.value == user })?.key else { throw ValidationError("No user named \(user) / 没有该用户") }
            query.readerID = id
        }
        print("id,at,reader,reader_role,case_id,subject_id,fields,purpose")
        while true {
            let page = try await store.personalDataReads(query)
            for r in page {
                let reader: String = users[r.readerID] ?? String(r.readerID.rawValue)
                let caseText: String = r.caseID.map { String($0.rawValue) } ?? ""
                let subject: String = r.subjectID.map { String($0.rawValue) } ?? ""
                let fields: [String] = [String(r.id), ISOTime.format(r.at), reader, r.readerRole.rawValue, caseText, subject,
                                        r.fields.joined(separator: ";"), r.purpose]
                print(fields.map(CaseCSV.escape).joined(separator: ","))
            }
            guard let last = page.last, page.count == query.limit else { break }
            query.afterID = last.id
        }
    }
}
