import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation
import Hummingbird

/// `/api/v1/cases`: report, read, list and move cases through the closed loop.
struct CasesController {
    let application: CityApplication

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.post("cases", use: create)
        group.get("cases", use: list)
        group.get("cases/:id", use: show)
        group.get("cases/:id/events", use: events)
        group.post("cases/:id/transitions", use: transition)
    }

    struct NewCase: Decodable {
        struct Location: Decodable { var lon: Double; var lat: Double }
        var category: String?
        var location: Location?
        var lon: Double?
        var lat: Double?
        var description: String?
        var source: String?
        var component_id: String?
    }

    @Sendable func create(_ request: Request, context: CityRequestContext) async throws -> Response {
        let body = try await RequestInput.decode(NewCase.self, from: request)
        var point: GeoPoint?
        if let location = body.location {
            point = GeoPoint(lon: location.lon, lat: location.lat)
        } else if let lon = body.lon, let lat = body.lat {
            point = GeoPoint(lon: lon, lat: lat)
        }
        let created = try await application.report(
            ReportRequest(category: body.category, location: point, description: body.description ?? "", source: body.source, componentID: body.component_id),
            by: context.caller)
        return JSONIO.response(CaseDTO(created), status: .created)
    }

    @Sendable func show(_ request: Request, context: CityRequestContext) async throws -> Response {
        JSONIO.response(CaseDTO(try await application.caseView(try RequestInput.caseID(context), for: context.caller)))
    }

    @Sendable func events(_ request: Request, context: CityRequestContext) async throws -> Response {
        try JSONIO.response(try await application.events(ofCase: try RequestInput.caseID(context), for: context.caller).map(CaseEventDTO.init))
    }

    /// A page of the list, as `JSONEncoder` would write it (``CaseDTO/pageJSON(_:nextBefore:)`` writes it by hand).
    struct Page: Encodable {
        var cases: [CaseDTO]
        var next_before: Int64?
    }

    @Sendable func list(_ request: Request, context: CityRequestContext) async throws -> Response {
        var query = CaseListRequest()
        query.states = RequestInput.query(request, "state").map { $0.split(separator: ",").map(String.init) } ?? []
        query.category = RequestInput.query(request, "category")
        query.region = try RequestInput.region(request, "region")
        query.department = RequestInput.query(request, "department")
        query.reportedFrom = try RequestInput.time(request, "from")
        query.reportedBefore = try RequestInput.time(request, "to")
        if let before = RequestInput.query(request, "before") {
            guard let id = Int64(before), id > 0 else { throw DomainError.invalidField("before", zh: "before 须为案件ID", en: "before must be a case id") }
            query.beforeID = id
        }
        query.limit = try RequestInput.int(request, "limit", default: 50, range: 1...1000)
        query.alert = RequestInput.query(request, "alert")
        let page = try await application.cases(query, for: context.caller)
        let bytes = CaseDTO.pageJSON(page.cases.map { CaseDTO($0) }, nextBefore: page.nextBeforeID?.rawValue)
        return Response(status: .ok, headers: [.contentType: Rendered.jsonType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    struct Step: Decodable {
        var action: String?
        var note: String?
        var department_code: String?
        var department_codes: [String]?
        var hours: Double?
        var attachments: [String]?
        var parent_case_id: Int64?
        var solved: Bool?
        var satisfaction: String?
        var rating: Int?
        var expected_version: Int?
    }

    @Sendable func transition(_ request: Request, context: CityRequestContext) async throws -> Response {
        let id = try RequestInput.caseID(context)
        let body = try await RequestInput.decode(Step.self, from: request)
        let step = StepRequest(action: body.action, note: body.note ?? "", departmentCode: body.department_code, departmentCodes: body.department_codes ?? [],
                               hours: body.hours, attachments: body.attachments ?? [], parentCaseID: body.parent_case_id, solved: body.solved,
                               satisfaction: body.satisfaction, rating: body.rating, expectedVersion: body.expected_version)
        return JSONIO.response(CaseDTO(try await application.act(on: id, step, by: context.caller)))
    }
}
