import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation
import HTTPTypes
import Hummingbird

/// Open311 GeoReport v2 at `/open311/v2/` (开放311接口), in XML and JSON by suffix: discovery,
/// services and their definitions from the catalogue, service requests (POST with an API key, GET
/// with every filter and the common extensions), tokens, and FixMyStreet's service request updates.
/// Every answer is built once as an ``Open311Value`` and written in the format asked for; every
/// refusal is the standard's `[{code, description}]` with 400, 403 or 404. It calls only the
/// application layer, and every case it shows is a ``PublicCaseView``.
struct Open311Controller {
    let application: CityApplication

    func addRoutes(to router: Router<CityRequestContext>) {
        // Each resource in both formats, written out so that the route table's test finds every path.
        router.get("open311/v2/discovery.json") { request, _ in try respond(.json, request) { discovery(request) } }
        router.get("open311/v2/discovery.xml") { request, _ in try respond(.xml, request) { discovery(request) } }
        router.get("open311/v2/services.json") { request, _ in try respond(.json, request) { try services(request) } }
        router.get("open311/v2/services.xml") { request, _ in try respond(.xml, request) { try services(request) } }
        router.get("open311/v2/requests.json") { request, _ in try await respondAsync(.json, request) { try await requests(request) } }
        router.get("open311/v2/requests.xml") { request, _ in try await respondAsync(.xml, request) { try await requests(request) } }
        router.post("open311/v2/requests.json") { request, _ in try await respondAsync(.json, request) { try await create(request) } }
        router.post("open311/v2/requests.xml") { request, _ in try await respondAsync(.xml, request) { try await create(request) } }
        router.get("open311/v2/servicerequestupdates.json") { request, _ in try await respondAsync(.json, request) { try await updates(request) } }
        router.get("open311/v2/servicerequestupdates.xml") { request, _ in try await respondAsync(.xml, request) { try await updates(request) } }
        router.post("open311/v2/servicerequestupdates.json") { request, _ in try await respondAsync(.json, request) { try await postUpdate(request) } }
        router.post("open311/v2/servicerequestupdates.xml") { request, _ in try await respondAsync(.xml, request) { try await postUpdate(request) } }
        // One service, request or token: the suffix is the last part of the parameter.
        router.get("open311/v2/services/{code}") { request, context in
            let (code, format) = try Self.split(context.parameters.get("code"))
            return try respond(format, request) { try definition(code, request) }
        }
        router.get("open311/v2/requests/{id}") { request, context in
            let (id, format) = try Self.split(context.parameters.get("id"))
            return try await respondAsync(format, request) { try await one(id, request) }
        }
        router.get("open311/v2/tokens/{token}") { request, context in
            let (token, format) = try Self.split(context.parameters.get("token"))
            return try await respondAsync(format, request) { try await tokenLookup(token, request) }
        }
    }

    /// `E0102.json` → (`E0102`, JSON); an unknown suffix is a 404.
    static func split(_ text: String?) throws -> (String, Open311Format) {
        guard let text, let dot = text.lastIndex(of: "."), let format = Open311Format(rawValue: String(text[text.index(after: dot)...])) else {
            throw HTTPError(.notFound)
        }
        return (String(text[..<dot]), format)
    }

    // MARK: Answers

    private func discovery(_ request: Request) -> Open311Answer {
        let origin = Open311Input.origin(request)
        let endpoint = { (type: String, path: String) -> Open311Value in
            .object([("specification", .string("http://wiki.open311.org/GeoReport_v2")), ("url", .string(origin + path)),
                     ("changeset", .string(Open311Input.changeset)), ("type", .string(type)),
                     ("formats", .array(element: "format", [.string("text/xml"), .string("application/json")]))])
        }
        let value: Open311Value = .object([
            ("changeset", .string(Open311Input.changeset)),
            ("contact", .string("CityGrid · \(application.city.name.zh) / \(application.city.name.en)")),
            ("key_service", .string("citygrid apikey create --db PATH NAME")),
            ("endpoints", .array(element: "endpoint", [endpoint("production", "/open311/v2"), endpoint("test", "/open311/v2")])),
        ])
        return Open311Answer(value: value, root: "discovery", bare: false)
    }

    private func services(_ request: Request) throws -> Open311Answer {
        try Open311Input.jurisdiction(request, application)
        let language = Open311Input.language(request)
        var entries = application.city.catalogue.entries
        if RequestInput.query(request, "lat") != nil || RequestInput.query(request, "long") != nil {
            let point = try Open311Input.point(request)
            let routed = try application.servicesAt(point)
            entries = entries.filter { routed.contains($0.code) }
        }
        let items = entries.map { entry -> Open311Value in
            let group = application.city.catalogue.major(of: entry.code)
            return .object([
                ("service_code", .string(entry.code.rawValue)), ("service_name", .string(language.pick(entry.name))),
                ("description", .string(language.pick(entry.filingCondition))),
                ("metadata", .bool(!entry.questions.isEmpty)), ("type", .string("realtime")),
                ("keywords", .string(entry.keywords.joined(separator: ","))),
                ("group", .string(group.map { language.pick($0.name) })),
            ])
        }
        return Open311Answer(value: .array(element: "service", items), root: "services", bare: true)
    }

    private func definition(_ code: String, _ request: Request) throws -> Open311Answer {
        try Open311Input.jurisdiction(request, application)
        let language = Open311Input.language(request)
        guard let category = CategoryCode(code), let entry = application.city.catalogue[category] else {
            throw DomainError.notFound("service", code, field: "service_code")
        }
        let attributes = entry.questions.enumerated().map { order, q -> Open311Value in
            var fields: [(String, Open311Value)] = [
                ("variable", .bool(true)), ("code", .string(q.code)), ("datatype", .string(q.datatype.rawValue)),
                ("required", .bool(q.required)), ("datatype_description", .string(q.hint.map(language.pick))),
                ("order", .number(Double(order + 1))), ("description", .string(language.pick(q.label))),
            ]
            fields.append(("values", .array(element: "value", q.choices.map { .object([("key", .string($0.key)), ("name", .string(language.pick($0.name)))]) })))
            return .object(fields)
        }
        let value: Open311Value = .object([("service_code", .string(entry.code.rawValue)), ("attributes", .array(element: "attribute", attributes))])
        return Open311Answer(value: value, root: "service_definition", bare: false)
    }

    private func requests(_ request: Request) async throws -> Open311Answer {
        try Open311Input.jurisdiction(request, application)
        let filter = try Open311Input.filter(request, now: Date())
        let page = try await application.publicCases(filter)
        let writer = Open311Requests(language: Open311Input.language(request), extensions: Open311Input.flag(request, "extensions"),
                                     origin: Open311Input.origin(request))
        return Open311Answer(value: .array(element: "request", page.cases.map(writer.request)), root: "service_requests", bare: true)
    }

    private func one(_ id: String, _ request: Request) async throws -> Open311Answer {
        try Open311Input.jurisdiction(request, application)
        guard let raw = Int64(id), raw > 0 else { throw DomainError.notFound("request", id, field: "service_request_id") }
        let view = try await application.publicCase(CaseID(raw))
        let writer = Open311Requests(language: Open311Input.language(request), extensions: Open311Input.flag(request, "extensions"),
                                     origin: Open311Input.origin(request))
        return Open311Answer(value: .array(element: "request", [writer.request(view)]), root: "service_requests", bare: true)
    }

    private func tokenLookup(_ token: String, _ request: Request) async throws -> Open311Answer {
        try Open311Input.jurisdiction(request, application)
        let view = try await application.publicCase(number: token)
        let item: Open311Value = .object([("service_request_id", .string(view.id.description)), ("token", .string(view.number))])
        return Open311Answer(value: .array(element: "request", [item]), root: "service_requests", bare: true)
    }

    private func create(_ request: Request) async throws -> Open311Answer {
        var request = request
        let form = try await Open311Input.form(&request)
        try Open311Input.jurisdiction(form["jurisdiction_id"]?.first, application)
        let client = try await application.apiClient(key: form["api_key"]?.first ?? RequestInput.query(request, "api_key"))
        let report = try Open311Input.report(form, headers: request.headers)
        let view = try await application.reportFromPublic(report, from: .client(client))
        let language = Open311Input.language(request)
        let item: Open311Value = .object([
            ("service_request_id", .string(view.id.description)), ("token", .string(view.number)),
            ("service_notice", .string(view.serviceNotice.map(language.pick))), ("account_id", .string(form["account_id"]?.first)),
        ])
        return Open311Answer(value: .array(element: "request", [item]), root: "service_requests", bare: true)
    }

    private func updates(_ request: Request) async throws -> Open311Answer {
        try Open311Input.jurisdiction(request, application)
        let now = Date()
        var filter = PublicCaseFilter()
        filter.updatedFrom = try RequestInput.time(request, "start_date") ?? now.addingTimeInterval(-86_400)
        filter.updatedBefore = try RequestInput.time(request, "end_date").map { $0.addingTimeInterval(1) }
        filter.pageSize = PublicCaseFilter.maxPageSize
        let page = try await application.publicCases(filter)
        let writer = Open311Requests(language: Open311Input.language(request), extensions: false, origin: Open311Input.origin(request))
        let from = filter.updatedFrom ?? .distantPast, before = filter.updatedBefore ?? .distantFuture
        let items = page.cases.flatMap { view in
            view.timeline.enumerated().filter { $0.element.at >= from && $0.element.at < before }.map { writer.update(view, index: $0.offset, $0.element) }
        }
        return Open311Answer(value: .array(element: "request_update", items), root: "service_request_updates", bare: true)
    }

    /// FixMyStreet's POST of an update: `api_key`, `service_request_id`, `description`, and `status`
    /// (OPEN or CLOSED) as the client sees it. Answers `[{update_id}]`.
    private func postUpdate(_ request: Request) async throws -> Open311Answer {
        var request = request
        let form = try await Open311Input.form(&request)
        try Open311Input.jurisdiction(form["jurisdiction_id"]?.first, application)
        let client = try await application.apiClient(key: form["api_key"]?.first ?? RequestInput.query(request, "api_key"))
        guard form.photos.isEmpty else {
            throw DomainError.invalidField("media", zh: "更新不带照片：照片随请求一起上报", en: "An update takes no photos: send them with the request")
        }
        guard let text = form["service_request_id"]?.first, let raw = Int64(text), raw > 0 else {
            throw DomainError.invalidField("service_request_id", zh: "缺少或无效的请求编号", en: "service_request_id is required: a positive integer")
        }
        let (updateID, _) = try await application.publicUpdate(on: CaseID(raw), text: form["description"]?.first ?? "",
                                                               status: form["status"]?.first, from: client)
        return Open311Answer(value: .array(element: "request_update", [.object([("update_id", .string(updateID))])]),
                             root: "service_request_updates", bare: true)
    }

    // MARK: Writing and refusing

    private func respond(_ format: Open311Format, _ request: Request, _ body: () throws -> Open311Answer) throws -> Response {
        do { return try body().response(format) } catch { return try Open311Errors.response(error, format) }
    }

    private func respondAsync(_ format: Open311Format, _ request: Request, _ body: () async throws -> Open311Answer) async throws -> Response {
        do { return try await body().response(format) } catch { return try Open311Errors.response(error, format) }
    }
}
