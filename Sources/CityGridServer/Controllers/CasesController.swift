import CityGridCore
import CityGridGeometry
import CityGridService
import CityGridStore
import Foundation
import Hummingbird

/// `/api/v1/cases`: report, read, list and move cases through the closed loop.
struct CasesController<Context: RequestContext> {
    let service: CityService

    func addRoutes(to group: RouterGroup<Context>) {
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

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        let body = try await RequestInput.decode(NewCase.self, from: request)
        guard let categoryText = body.category else {
            throw DomainError.invalidField("category", zh: "缺少类别代码（如 E0102）", en: "category is required (a code such as E0102)")
        }
        guard let category = CategoryCode(categoryText) else {
            throw DomainError.invalidField("category", zh: "类别代码须为 C 或 E 加4位数字", en: "category must be C or E followed by 4 digits")
        }
        let point: GeoPoint
        if let location = body.location {
            point = GeoPoint(lon: location.lon, lat: location.lat)
        } else if let lon = body.lon, let lat = body.lat {
            point = GeoPoint(lon: lon, lat: lat)
        } else {
            throw DomainError.invalidField("location", zh: "缺少位置：location {lon, lat}", en: "location {lon, lat} is required")
        }
        let defaultSource: CaseSource = user.role == .citizen ? .citizenApp : (user.role == .inspector ? .inspector : .hotline)
        var source = defaultSource
        if let text = body.source {
            guard let parsed = CaseSource(rawValue: text) else {
                throw DomainError.invalidField("source", zh: "来源无效", en: "source must be one of \(CaseSource.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            source = parsed
        }
        if user.role == .citizen, source != .citizenApp, source != .open311 {
            throw DomainError.invalidField("source", zh: "市民只能通过App或Open311上报", en: "Citizens report through citizen_app or open311")
        }
        let created = try await service.report(
            CaseReport(category: category, location: point, description: body.description ?? "", source: source, componentID: body.component_id),
            by: Actor(user))
        return try JSONIO.response(CaseDTO(created, service: service, actor: Actor(user)), status: .created)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        let value = try await readable(try RequestInput.caseID(context), user)
        return try JSONIO.response(CaseDTO(value, service: service, actor: Actor(user)))
    }

    @Sendable func events(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        let value = try await readable(try RequestInput.caseID(context), user)
        return try JSONIO.response(try await service.store.events(caseID: value.id).map { CaseEventDTO($0, definition: service.city.workflow) })
    }

    struct Page: Encodable {
        var cases: [CaseDTO]
        var next_before: Int64?
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        var query = CaseQuery()
        if let states = RequestInput.query(request, "state") {
            for name in states.split(separator: ",") {
                let state = CaseState(rawValue: String(name))
                guard service.city.workflow.states[state] != nil else {
                    throw DomainError.invalidField("state", zh: "状态无效：\(name)",
                                                   en: "Unknown state \(name); use \(service.city.workflow.states.keys.map(\.rawValue).sorted().joined(separator: ", "))")
                }
                query.states.insert(state)
            }
        }
        if let category = RequestInput.query(request, "category") {
            guard category.count <= 5, let first = category.first, first == "C" || first == "E",
                  category.dropFirst().allSatisfy(\.isNumber) else {
                throw DomainError.invalidField("category", zh: "类别须为 C/E 加至多4位数字", en: "category must be C or E followed by up to 4 digits")
            }
            query.categoryPrefix = category
        }
        query.region = try RequestInput.region(request, "region")
        query.departmentCode = RequestInput.query(request, "department")
        for (name, keyPath) in [("from", \CaseQuery.reportedFrom), ("to", \CaseQuery.reportedBefore)] {
            if let text = RequestInput.query(request, name) {
                guard let date = ISOTime.parse(text) else {
                    throw DomainError.invalidField(name, zh: "\(name) 须为ISO 8601时间", en: "\(name) must be an ISO 8601 time such as 2026-11-01T00:00:00Z")
                }
                query[keyPath: keyPath] = date
            }
        }
        if let before = RequestInput.query(request, "before") {
            guard let id = Int64(before), id > 0 else { throw DomainError.invalidField("before", zh: "before 须为案件ID", en: "before must be a case id") }
            query.beforeID = id
        }
        query.limit = try RequestInput.int(request, "limit", default: 50, range: 1...1000)
        if let alert = RequestInput.query(request, "alert") {
            switch alert {
            case "warned": query.minimumAlertLevel = 1
            case "escalated": query.minimumAlertLevel = 2
            default: throw DomainError.invalidField("alert", zh: "alert 须为 warned 或 escalated", en: "alert must be warned or escalated")
            }
        }
        // Scope the list to what the user may read.
        switch user.role {
        case .citizen:
            query.reporterID = user.id
        case .departmentHandler:
            guard let organisation = user.organisationCode else {
                throw DomainError(.forbidden, code: "no_organisation", zh: "您的账号未关联单位", en: "Your account belongs to no organisation")
            }
            query.departmentCode = organisation
            query.includeSummoned = true
        default:
            if let jurisdiction = user.jurisdiction {
                if let region = query.region, !jurisdiction.contains(region) && !region.contains(jurisdiction) {
                    throw DomainError(.forbidden, code: "outside_jurisdiction", field: "region", zh: "该区域不在您的辖区内", en: "That region is outside your jurisdiction")
                }
                if query.region.map({ !jurisdiction.contains($0) }) ?? true { query.region = jurisdiction }
            }
        }
        let page = try await service.store.cases(query)
        return try JSONIO.response(Page(cases: page.cases.map { CaseDTO($0, service: service) }, next_before: page.nextBeforeID))
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


    @Sendable func transition(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        let id = try RequestInput.caseID(context)
        let body = try await RequestInput.decode(Step.self, from: request)
        guard let actionText = body.action else {
            throw DomainError.invalidField("action", zh: "缺少动作", en: "action is required")
        }
        let action = WorkflowAction(rawValue: actionText)
        guard service.city.workflow.actions[action] != nil else {
            throw DomainError.invalidField("action", zh: "动作无效：\(actionText)",
                                           en: "Unknown action \(actionText); use \(service.city.workflow.actionOrder.map(\.rawValue).joined(separator: ", "))")
        }
        var satisfaction: Satisfaction?
        if let text = body.satisfaction {
            guard let parsed = Satisfaction(rawValue: text) else {
                throw DomainError.invalidField("satisfaction", zh: "满意度须为 satisfied、basically_satisfied 或 dissatisfied",
                                               en: "satisfaction must be satisfied, basically_satisfied or dissatisfied")
            }
            satisfaction = parsed
        }
        _ = try await readable(id, user)
        let command = WorkflowCommand(action, note: body.note ?? "", departmentCode: body.department_code, departmentCodes: body.department_codes ?? [],
                                      hours: body.hours, attachments: body.attachments ?? [], parentCaseID: body.parent_case_id,
                                      solved: body.solved, satisfaction: satisfaction, rating: body.rating)
        let result = try await service.act(caseID: id, command: command, expectedVersion: body.expected_version, by: Actor(user))
        var response = CaseDTO(result.value, service: service, actor: Actor(user))
        response.created = result.spawned.map { CaseDTO($0, service: service, actor: Actor(user)) }
        return try JSONIO.response(response)
    }

    /// The case if `user` may read it; a case they may not read is reported as not found.
    private func readable(_ id: Int64, _ user: User) async throws -> Case {
        let value = try await service.caseByID(id)
        guard Authentication.mayRead(value, user) else { throw DomainError.notFound("case", String(id), field: "id") }
        return value
    }
}
