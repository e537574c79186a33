import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// Personal data over JSON (个人信息): a case's report origin, its contact unmasked and the read
/// audited only within `personal.read`, and the audit of such reads for administrators.
struct PersonalDataController {
    let application: CityApplication

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.get("cases/:id/origin", use: origin)
        group.get("audit/personal-data", use: audit)
    }

    struct OriginDTO: Encodable {
        var case_id: Int64
        var client: String?
        var held_reason: LocalizedText?
        var device_id: String?
        var contact: String?
        var unmasked: Bool
    }

    /// `GET /cases/{id}/origin`: where a report came from; 404 for a case without an origin (staff's
    /// own reports) or one the caller may not read.
    @Sendable func origin(_ request: Request, context: CityRequestContext) async throws -> Response {
        let id = try RequestInput.caseID(context)
        guard let view = try await application.reportOrigin(ofCase: id, for: context.caller, purpose: "GET /api/v1/cases/{id}/origin") else {
            throw DomainError.notFound(LocalizedText(zh: "报告来源", en: "report origin"), id.description, field: "id")
        }
        return try JSONIO.response(OriginDTO(case_id: id.rawValue, client: view.client, held_reason: view.heldReason, device_id: view.deviceID,
                                             contact: view.contact, unmasked: view.unmasked))
    }

    struct ReadDTO: Encodable {
        var id: Int64
        var reader_id: Int64
        var reader_username: String
        var reader_name: String
        var reader_role: String
        var case_id: Int64?
        var subject_id: Int64?
        var fields: [String]
        var purpose: String
        var at: String

        init(_ view: PersonalDataReadView) {
            let r = view.read
            id = r.id
            reader_id = r.readerID.rawValue
            reader_username = view.readerUsername
            reader_name = view.readerName
            reader_role = r.readerRole.rawValue
            case_id = r.caseID?.rawValue
            subject_id = r.subjectID?.rawValue
            fields = r.fields
            purpose = r.purpose
            at = ISOTime.format(r.at)
        }
    }

    struct AuditDTO: Encodable {
        var reads: [ReadDTO]
        /// Pass as `after` for the next page; absent on the last.
        var next_after: Int64?
    }

    /// `GET /audit/personal-data?user=&case=&citizen=&from=&before=&after=&limit=`: the audit, oldest first.
    @Sendable func audit(_ request: Request, context: CityRequestContext) async throws -> Response {
        var query = PersonalDataReadQuery(limit: try RequestInput.int(request, "limit", default: 100, range: 1...PersonalDataReadQuery.maxLimit))
        if let username = RequestInput.query(request, "user") {
            query.readerID = try await application.auditedUser(username: username, field: "user", for: context.caller)
        }
        if RequestInput.query(request, "case") != nil {
            query.caseID = CaseID(Int64(try RequestInput.int(request, "case", default: 0, range: 1...Int.max)))
        }
        if RequestInput.query(request, "citizen") != nil {
            query.subjectID = UserID(rawValue: Int64(try RequestInput.int(request, "citizen", default: 0, range: 1...Int.max)))
        }
        if RequestInput.query(request, "after") != nil {
            query.afterID = Int64(try RequestInput.int(request, "after", default: 0, range: 0...Int.max))
        }
        query.from = try RequestInput.time(request, "from")
        query.before = try RequestInput.time(request, "before")
        let views = try await application.personalDataReads(query, for: context.caller)
        return try JSONIO.response(AuditDTO(reads: views.map(ReadDTO.init), next_after: views.count == query.limit ? views.last?.read.id : nil))
    }
}
