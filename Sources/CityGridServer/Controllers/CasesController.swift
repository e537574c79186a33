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
        var requested: CaseSource?
        if let text = body.source {
            guard let parsed = CaseSource(rawValue: text) else {
                throw DomainError.invalidField("source", zh: "来源无效", en: "source must be one of \(CaseSource.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            requested = parsed
        }
        // The role that reports: the first of the caller's roles holding case.report; the channel is
        // that role's (the body may only pick among the role's own channels).
        guard let grant = user.grants.first(where: { AccessPolicy.standard.scope(of: .caseReport, in: $0) != nil }) else {
            throw DomainError(.forbidden, code: "permission_denied", zh: "您的角色不能上报案件", en: "None of your roles may report cases")
        }
        let source = try AccessPolicy.standard.channel(for: grant, requested: requested)
        let created = try await service.report(
            CaseReport(category: category, location: point, description: body.description ?? "", source: source, componentID: body.component_id),
            by: user.actor(in: grant))
        return try JSONIO.response(CaseDTO(created, service: service, actors: Self.actors(user, on: created)), status: .created)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        let value = try await readable(try RequestInput.caseID(context), user)
        return try JSONIO.response(CaseDTO(value, service: service, actors: Self.actors(user, on: value)))
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
        // Scope the list to what the user may read: the union over their roles (the access policy).
        try Authentication.require(.caseRead, user)
        let visibility = AccessPolicy.standard.caseVisibility(Caller(user: user), .caseRead)
        if let region = query.region, !visibility.everything, !visibility.regions.isEmpty,
           !visibility.regions.contains(where: { $0.contains(region) || region.contains($0) }) {
            throw DomainError(.forbidden, code: "outside_jurisdiction", field: "region", zh: "该区域不在您的辖区内", en: "That region is outside your jurisdiction")
        }
        query.visibility = visibility
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
        let current = try await readable(id, user)
        // The role the step is taken in: the first of the user's roles that may act on this case and
        // that the workflow lets take this action now; else the primary role (whose refusal is shown).
        let actors = Self.actors(user, on: current)
        guard let actor = actors.first(where: { service.machine.permits(action, on: current, by: $0) }) ?? actors.first else {
            throw DomainError(.forbidden, code: "permission_denied", zh: "您的角色不能办理此案件", en: "None of your roles may act on this case")
        }
        let command = WorkflowCommand(action, note: body.note ?? "", departmentCode: body.department_code, departmentCodes: body.department_codes ?? [],
                                      hours: body.hours, attachments: body.attachments ?? [], parentCaseID: body.parent_case_id,
                                      solved: body.solved, satisfaction: satisfaction, rating: body.rating)
        let result = try await service.act(caseID: id, command: command, expectedVersion: body.expected_version, by: actor,
                                        mayReadCase: { Authentication.mayRead($0, user) })
        var response = CaseDTO(result.value, service: service, actors: Self.actors(user, on: result.value))
        response.created = result.spawned.map { CaseDTO($0, service: service, actors: Self.actors(user, on: $0)) }
        return try JSONIO.response(response)
    }

    /// The roles `user` may act in on `value` (``Permission/caseAct`` reaching the case), as actors.
    static func actors(_ user: User, on value: Case) -> [Actor] {
        AccessPolicy.standard.grants(Caller(user: user), .caseAct, on: .caseRecord(value)).map { user.actor(in: $0) }
    }

    /// The case if `user` may read it; a case they may not read is reported as not found.
    private func readable(_ id: Int64, _ user: User) async throws -> Case {
        let value = try await service.caseByID(id)
        guard Authentication.mayRead(value, user) else { throw DomainError.notFound("case", String(id), field: "id") }
        return value
    }
}
