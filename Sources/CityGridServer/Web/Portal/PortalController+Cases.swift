import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation
import Hummingbird

/// The public's cases in the portal (公开案件): sending a report (anonymous or signed in), the
/// likely duplicates near a place, a case's public page (with the rating and reopening forms for
/// its reporter), and the public cases on a map by area, category and status.
extension PortalController {
    // MARK: Reporting

    struct ReportBody: Decodable {
        struct Point: Decodable { var lon: Double; var lat: Double }
        struct Contact: Decodable { var name: String?; var phone: String?; var email: String? }
        var category: String?
        var location: Point?
        var description: String?
        var attachments: [String]?
        /// Answers to the category's questions, by question code.
        var answers: [String: [String]]?
        var contact: Contact?
        var device_id: String?
    }

    /// `POST /portal/report`: a report from the portal, anonymous (with an optional contact for the
    /// return visit) or by the signed-in citizen; answers 201 with the case's id and number. Sent as
    /// `multipart/form-data` (the report's JSON as the `report` field, its photos as `media` files,
    /// which the page has made smaller), or as the JSON alone.
    @Sendable func submitReport(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let body: ReportBody
        var photos: [[UInt8]] = []
        if let form = try await MultipartForm.read(&request) {
            guard let json = form.fields["report"]?.first else {
                throw DomainError.invalidField("report", zh: "缺少 report 字段（上报内容的 JSON）", en: "The report field (the report as JSON) is required")
            }
            body = try RequestInput.decode(ReportBody.self, from: Data(json.utf8))
            if let stray = form.files.first(where: { $0.field != "media" }) {
                throw DomainError.invalidField(stray.field, zh: "只有 media 字段可以上传文件", en: "Only the media field takes a file")
            }
            photos = form.files.map(\.bytes)
        } else {
            body = try await RequestInput.decode(ReportBody.self, from: request)
        }
        let blank = { (text: String?) -> String? in text.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        var contact: ReporterContact?
        if context.caller.user == nil, let given = body.contact {
            contact = ReporterContact(firstName: blank(given.name), phone: blank(given.phone), email: blank(given.email))
        }
        if let device = body.device_id, device.utf8.count > 64 || !device.allSatisfy({ $0.isHexDigit }) {
            throw DomainError.invalidField("device_id", zh: "设备编号无效", en: "device_id must be at most 64 hex digits")
        }
        var report = PublicReportRequest(category: body.category, location: body.location.map { GeoPoint(lon: $0.lon, lat: $0.lat) },
                                         description: body.description ?? "", answers: body.answers ?? [:],
                                         contact: contact, deviceID: body.device_id)
        report.attachments = body.attachments ?? []
        report.photos = photos
        let view = try await application.reportFromPublic(report, from: .portal(context.caller))
        struct Answer: Encodable { var id: Int64; var number: String; var status: String; var url: String }
        return try JSONIO.response(Answer(id: view.id.rawValue, number: view.number, status: view.status.rawValue, url: "/portal/cases/\(view.id.rawValue)"),
                                   status: .created)
    }

    /// `GET /portal/nearby.json?lon=&lat=&category=`: the open cases of the category near the place,
    /// nearest first: `{"cases": [{id, number, category_name, status, distance_m, description}]}`.
    @Sendable func nearby(_ request: Request, context: CityRequestContext) async throws -> Response {
        let point = GeoPoint(lon: try RequestInput.double(request, "lon"), lat: try RequestInput.double(request, "lat"))
        var category: CategoryCode?
        if let text = RequestInput.query(request, "category") {
            guard let code = CategoryCode(text) else {
                throw DomainError.invalidField("category", zh: "类别代码须为 C 或 E 加4位数字", en: "category must be C or E followed by 4 digits")
            }
            category = code
        }
        let cases = try await application.nearbyOpenCases(at: point, category: category)
        let projection = LocalProjection(origin: point)
        struct Item: Encodable {
            var id: Int64; var number: String; var category_name: LocalizedText; var status: LocalizedText; var distance_m: Int; var description: String?
        }
        struct Answer: Encodable { var cases: [Item] }
        return try JSONIO.response(Answer(cases: cases.map { view in
            let (x, y) = projection.toMetres(view.place)
            return Item(id: view.id.rawValue, number: view.number, category_name: view.categoryName, status: view.status.label,
                        distance_m: Int((x * x + y * y).squareRoot().rounded()), description: view.description)
        }))
    }

    // MARK: A case's page

    @Sendable func casePage(_ request: Request, context: CityRequestContext) async throws -> Response {
        let id = try RequestInput.caseID(context)
        let language = PageLanguage.of(request)
        let done = RequestInput.query(request, "done").map { _ in (true, language.text(WebText.actionDone)) }
        return try await renderCasePage(request, context, id: id, notice: done, status: .ok)
    }

    /// The public view of a case; for its reporter, the forms of the return visit and the reopening
    /// when the workflow offers them now.
    func renderCasePage(_ request: Request, _ context: CityRequestContext, id: CaseID, notice: (Bool, String)?,
                        status: HTTPResponse.Status) async throws -> Response {
        let language = PageLanguage.of(request)
        let view: PublicCaseView
        do {
            view = try await application.publicCase(id)
        } catch let error as DomainError {
            return renderer.portalPage("portal-error", title: language.text(WebText.refused), language: language, chrome: PortalChrome.of(request, context),
                                       values: ["heading": language.text(WebText.refused), "message": language.text(error.message), "code": error.code],
                                       status: APIError(error).status)
        }
        // The reporter's own case: the actions the workflow offers them (a citizen may read only their own).
        var offers: [ActionOffer] = []
        var version = 0
        if let user = context.caller.user, user.role == .citizen, let own = try? await application.caseView(id, for: context.caller) {
            offers = own.offers ?? []
            version = own.value.version
        }
        let closed = !view.status.isOpen
        var details: [[String: Any]] = [
            ["label": language.text(WebText.category), "value": "\(language.text(view.categoryName)) (\(view.category.rawValue))"],
            ["label": language.text(WebText.portalPlace),
             "value": [view.district, view.subdistrict, view.community].map { language.text($0.name) }.joined(separator: " › ") + " › " + view.grid.rawValue],
            ["label": language.text(WebText.reportedAt), "value": PageTime.minute(view.requestedAt)],
            ["label": language.text(WebText.portalUpdatedAt), "value": PageTime.minute(view.updatedAt)],
        ]
        if let expected = view.expectedAt { details.append(["label": language.text(WebText.expectedBy), "value": PageTime.minute(expected)]) }
        if let body = view.agencyName { details.append(["label": language.text(WebText.responsibleBody), "value": language.text(body)]) }
        if let notice = view.serviceNotice { details.append(["label": language.text(WebText.serviceNotice), "value": language.text(notice)]) }
        if let description = view.description { details.append(["label": language.text(WebText.description), "value": description]) }
        var values: [String: Any] = [
            "id": id.rawValue, "number": view.number, "version": version,
            "status": language.text(view.status.label),
            "statusClass": closed ? "closed" : "open", "stateNote": language.text(view.statusNote), "details": details,
            "lon": String(format: "%.6f", view.place.lon), "lat": String(format: "%.6f", view.place.lat),
            "gridRing": gridRing(of: view.grid), "mapLabel": language.text(WebText.mapLabel),
            "replyLabel": language.text(WebText.reply), "hasReply": view.reply != nil, "reply": view.reply ?? "",
            "photos": MediaReference.ids(in: view.photos).map { ["src": "/public/media/\($0)", "alt": language.text(WebText.reply)] },
            "followLabel": language.text(WebText.follow), "followingLabel": language.text(WebText.following),
            "timelineLabel": language.text(WebText.timeline),
            "timeline": view.timeline.map { ["at": PageTime.minute($0.at), "label": language.text($0.summary), "note": $0.text ?? "", "hasNote": $0.text != nil] },
            "rateTitle": language.text(WebText.rateTitle), "rateSend": language.text(WebText.rateSend), "commentLabel": language.text(WebText.comment),
            "reopenTitle": language.text(WebText.reopenTitle), "reopenHint": language.text(WebText.reopenHint), "reopenSend": language.text(WebText.reopenSend),
            "reasonLabel": language.text(WebText.reasonNeeded),
        ]
        if let visit = offers.first(where: { $0.action.rawValue == "visit" }) {
            var form: [String: Any] = [:]
            if visit.needs.contains(.satisfaction) {
                form["satisfaction"] = ["label": language.text(WorkflowInput.satisfaction.label),
                                        "options": Satisfaction.allCases.map { ["value": $0.rawValue, "label": language.text($0.label)] }]
            }
            values["visit"] = form
        }
        if offers.contains(where: { $0.action.rawValue == "reopen" }) { values["reopen"] = [String: Any]() }
        if let notice { values[notice.0 ? "done" : "refused"] = notice.1 }
        return renderer.portalPage("portal-case", title: view.number, language: language, chrome: PortalChrome.of(request, context),
                                   values: values, status: status)
    }

    /// A grid's outer ring as JSON `[[lon, lat], …]` for the case map's script (escaped by the template).
    private func gridRing(of code: RegionCode) -> String {
        guard case .grid(let grid)? = try? application.place(code) else { return "[]" }
        return "[" + grid.boundary.exterior.map { String(format: "[%.6f,%.6f]", $0.lon, $0.lat) }.joined(separator: ",") + "]"
    }

    // MARK: The public map

    /// The filter of the map page and of its data: area (a region code), category (a major class
    /// such as `E01`, or a minor class), status (`open` or `closed`).
    private func mapFilter(_ request: Request) throws -> PublicCaseFilter {
        var filter = PublicCaseFilter()
        filter.region = try RequestInput.region(request, "area")
        if let text = RequestInput.query(request, "category") {
            let catalogue = application.city.catalogue
            let codes = catalogue.entries.map(\.code).filter { $0.rawValue.hasPrefix(text) }
            guard text.count >= 3, !codes.isEmpty else {
                throw DomainError.invalidField("category", zh: "类别须为大类（如 E01）或小类代码", en: "category must be a major class (such as E01) or a category code")
            }
            filter.categories = Set(codes)
        }
        switch RequestInput.query(request, "status") {
        case nil: break
        case "open"?: filter.open = true
        case "closed"?: filter.open = false
        default: throw DomainError.invalidField("status", zh: "状态须为 open 或 closed", en: "status must be open or closed")
        }
        filter.pageSize = 200
        filter.withTimeline = false
        return filter
    }

    @Sendable func mapPage(_ request: Request, context: CityRequestContext) async throws -> Response {
        let language = PageLanguage.of(request)
        _ = try mapFilter(request)
        let area = RequestInput.query(request, "area"), category = RequestInput.query(request, "category"), status = RequestInput.query(request, "status")
        let city = application.city
        var source = URLComponents()
        source.path = "/portal/cases.json"
        source.queryItems = [("area", area), ("category", category), ("status", status)].compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        let values: [String: Any] = [
            "heading": language.text(WebText.publicMap), "areaLabel": language.text(WebText.area), "wholeCity": language.text(WebText.wholeCity),
            "areas": application.regions(level: .district, parent: nil).map { ["value": $0.code.rawValue, "label": language.text($0.name), "selected": $0.code.rawValue == area] },
            "categoryLabel": language.text(WebText.category), "allCategories": language.text(WebText.allCategories),
            "categories": city.catalogue.majors.map { major -> [String: Any] in
                let key = "\(major.kind.letter)\(major.code)"
                return ["value": key, "label": "\(key) \(language.text(major.name))", "selected": key == category]
            },
            "statusLabel": language.text(WebText.publicStatus), "allStatuses": language.text(WebText.allStatuses),
            "statuses": [("open", WebText.statusOpen), ("closed", WebText.statusClosed)].map { ["value": $0.0, "label": language.text($0.1), "selected": $0.0 == status] },
            "filter": language.text(WebText.mapFilter), "mapLabel": language.text(WebText.publicMapLabel),
            "source": source.string ?? "/portal/cases.json", "casesLabel": language.text(WebText.casesHere),
        ]
        return renderer.portalPage("portal-map", title: language.text(WebText.publicMap), language: language,
                                   chrome: PortalChrome.of(request, context), values: values)
    }

    /// `GET /portal/cases.json?area=&category=&status=`: up to 200 public cases, newest first, each
    /// at its grid's point: `{"cases": [{id, number, lon, lat, category_name, status, status_label, place}], "more": …}`.
    @Sendable func publicCases(_ request: Request, context: CityRequestContext) async throws -> Response {
        let page = try await application.publicCases(try mapFilter(request))
        struct Item: Encodable {
            var id: Int64; var number: String; var lon: Double; var lat: Double
            var category_name: LocalizedText; var status: String; var status_label: LocalizedText; var place: String
        }
        struct Answer: Encodable { var cases: [Item]; var more: Bool }
        let language = PageLanguage.of(request)
        return try JSONIO.response(Answer(cases: page.cases.map {
            Item(id: $0.id.rawValue, number: $0.number, lon: $0.place.lon, lat: $0.place.lat, category_name: $0.categoryName,
                 status: $0.status.isOpen ? "open" : "closed", status_label: $0.status.label,
                 place: language.text($0.subdistrict.name) + " › " + language.text($0.community.name))
        }, more: page.more))
    }
}
