import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation
import Hummingbird

/// The staff's web pages (工作人员网页): sign-in and sign-out, the workbench, and the case page with
/// a form for every action the caller may take now. Every page reads and acts through the
/// application layer with the signed-in caller, so it shows no more than the JSON API would.
struct PagesController {
    let application: CityApplication
    let renderer: PageRenderer

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("signin", use: signInForm)
        router.post("signin", use: signIn)
        router.post("signout", use: signOut)
        router.get("app", use: workbench)
        router.post("app/claims/{id}", use: claimTask)
        router.get("app/cases", use: caseList)
        router.get("app/cases/:id", use: casePage)
        router.post("app/cases/:id/act", use: act)
    }

    // MARK: Sign-in

    @Sendable func signInForm(_ request: Request, context: CityRequestContext) async throws -> Response {
        if context.sessionToken != nil { return WebSession.redirect(to: WebSession.safeNext(RequestInput.query(request, "next"))) }
        return signInPage(request, context, error: nil, status: .ok)
    }

    private func signInPage(_ request: Request, _ context: CityRequestContext, error: String?, status: HTTPResponse.Status,
                            username: String = "", next: String? = nil) -> Response {
        let language = PageLanguage.of(request)
        let preSession = WebSession.newPreSession()
        var values: [String: Any] = [
            "heading": language.text(WebText.signIn), "hint": language.text(WebText.signInHint),
            "usernameLabel": language.text(WebText.username), "passwordLabel": language.text(WebText.password),
            "submit": language.text(WebText.signIn), "preSession": preSession.value, "username": username,
            "next": WebSession.safeNext(next ?? RequestInput.query(request, "next")),
        ]
        if let error { values["error"] = error }
        var response = renderer.page("signin", title: language.text(WebText.signIn), language: language,
                                     chrome: PageChrome(path: "/signin", rememberLanguage: PageLanguage.isSwitching(request)),
                                     values: values, status: status)
        response.setCookie(preSession.cookie)
        return response
    }

    @Sendable func signIn(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        let language = PageLanguage.of(request)
        do {
            let session = try await application.signIn(username: form["username"] ?? "", password: form["password"] ?? "")
            var response = WebSession.redirect(to: WebSession.safeNext(form["next"]))
            response.setCookie(WebSession.cookie(for: session))
            return response
        } catch let error as DomainError {
            // The API's status for the refusal: 401 bad credentials, 429 locked, 400 a missing field, 503 busy.
            var response = signInPage(request, context, error: language.text(error.message), status: APIError(error).status,
                                      username: form["username"] ?? "", next: form["next"])
            if let seconds = error.retryAfter { response.headers[.retryAfter] = "\(seconds)" }
            return response
        }
    }

    @Sendable func signOut(_ request: Request, context: CityRequestContext) async throws -> Response {
        if let token = context.sessionToken { try await application.signOut(sessionToken: token) }
        var response = WebSession.redirect(to: "/signin")
        response.setCookie(WebSession.expiredCookie)
        return response
    }

    // MARK: Workbench and case page

    @Sendable func casePage(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            try await renderCase(request, context, notice: nil, status: .ok)
        }
    }

    private func renderCase(_ request: Request, _ context: CityRequestContext, notice: (ok: Bool, text: String)?,
                            status: HTTPResponse.Status) async throws -> Response {
        let language = PageLanguage.of(request)
        let id = try RequestInput.caseID(context)
        let view = try await application.caseView(id, for: context.caller)
        let events = try await application.events(ofCase: id, for: context.caller)
        let c = view.value
        let city = application.city
        let sections = CasePageSections(city: city, language: language) { [application] code in
            if case .region(let region)? = try? application.place(code) { return region.name }
            return nil
        }
        let bodyName = sections.bodyName
        var details: [[String: Any]] = [
            ["label": language.text(WebText.category), "value": view.categoryName.map(language.text) ?? c.category.rawValue],
            ["label": language.text(WebText.state), "value": language.text(view.stateLabel)],
            ["label": language.text(WebText.grid), "value": c.chain.grid.rawValue],
            ["label": language.text(WebText.gridChain), "value": sections.chain(c)],
            ["label": language.text(WebText.reportedAt), "value": PageTime.minute(c.reportedAt)],
            ["label": language.text(WebText.deadline), "value": c.deadlineAt.map(PageTime.minute) ?? "—"],
            ["label": language.text(WebText.department), "value": bodyName(c.departmentCode)],
            ["label": language.text(WebText.description), "value": c.description],
        ]
        // Where a public report came from: the client, a hold for review, the contact (masked unless
        // the caller's personal.read reaches the case; an unmasked read is audited).
        if let origin = try await application.reportOrigin(ofCase: id, for: context.caller, purpose: "GET /app/cases/{id}") {
            if let client = origin.client { details.append(["label": language.text(WebText.reportClient), "value": client]) }
            if let held = origin.heldReason { details.append(["label": language.text(WebText.reportHeld), "value": language.text(held)]) }
            if let contact = origin.contact { details.append(["label": language.text(WebText.reporterContact), "value": contact]) }
            if let device = origin.deviceID { details.append(["label": language.text(WebText.reporterDevice), "value": device]) }
        }
        let timeline: [[String: Any]] = events.map { e in
            ["action": language.text(e.actionLabel), "role": language.text(e.event.role.label), "at": PageTime.minute(e.event.at), "note": e.event.note,
             "hasNote": !e.event.note.isEmpty,
             "photos": MediaReference.ids(in: e.event.attachments).map { ["src": "/api/v1/media/\($0)", "alt": language.text(WebText.evidencePhoto)] },
             "links": e.event.attachments.filter { !$0.hasPrefix("media:") }.map { ["href": $0] }]
        }
        let forms: [[String: Any]] = (view.offers ?? []).map { offer in
            ["action": offer.action.rawValue, "label": language.text(offer.label), "version": c.version,
             "inputs": Self.inputs(of: offer).map { input(for: $0, offer: offer, language: language, bodyName: bodyName) }]
        }
        // The merged reports, for the roles that may see them (others get no section, as the API refuses them).
        var merged: [CaseView] = []
        if application.policy.permits(context.caller, .caseDuplicates, on: .caseRecord(c)) {
            merged = try await application.duplicates(ofCase: id, for: context.caller)
        }
        let clocks = sections.clocks(c), subtasks = sections.subtasks(c), duplicates = sections.duplicates(merged)
        var values: [String: Any] = [
            "standardLabel": language.text(WebText.caseStandard), "standard": sections.standard(c),
            "clocksLabel": language.text(WebText.clocks), "clocks": clocks, "hasClocks": !clocks.isEmpty,
            "stageLabel": language.text(WebText.stage), "startedLabel": language.text(WebText.stageStarted), "doneLabel": language.text(WebText.stageDone),
            "dueLabel": language.text(WebText.stageDue), "resultLabel": language.text(WebText.stageResult),
            "subtasksLabel": language.text(WebText.subtasksHeading), "subtasks": subtasks, "hasSubtasks": !subtasks.isEmpty,
            "bodyLabel": language.text(WebText.department), "summonedLabel": language.text(WebText.summonedAt),
            "arrivalDueLabel": language.text(WebText.arrivalDue), "arrivedLabel": language.text(WebText.arrivedAt),
            "disposalDueLabel": language.text(WebText.disposalDue), "subtaskDoneLabel": language.text(WebText.subtaskDone),
            "ratingLabel": language.text(WebText.rating),
            "duplicatesLabel": language.text(WebText.duplicatesHeading), "duplicates": duplicates, "hasDuplicates": !duplicates.isEmpty,
            "numberLabel": language.text(WebText.number), "reportedLabel": language.text(WebText.reportedAt),
            "descriptionLabel": language.text(WebText.description), "sourceLabel": language.text(WebText.source),
            "id": c.id.rawValue, "number": c.number, "alert": PageAlert.word(c.alertLevel, language), "alertClass": PageAlert.cssClass(c.alertLevel),
            "details": details, "timeline": timeline, "timelineLabel": language.text(WebText.timeline),
            "actionsLabel": language.text(WebText.actions), "forms": forms, "noForms": forms.isEmpty,
            "noActions": language.text(WebText.noActions), "back": language.text(WebText.back),
            "lon": String(format: "%.6f", c.location.lon), "lat": String(format: "%.6f", c.location.lat),
            "gridRing": gridRing(city.grids.first { $0.code == c.chain.grid }?.boundary.exterior ?? []),
            "mapLabel": language.text(WebText.mapLabel),
        ]
        if let notice { values[notice.ok ? "done" : "refused"] = notice.text }
        return renderer.page("case", title: c.number, language: language, chrome: PageChrome.of(request, context, policy: application.policy), values: values, status: status)
    }

    /// The fields of an action's form: what its guards need, and a body to choose when the offer
    /// names bodies without needing one (a dispatch: routing's proposal first, preselected).
    static func inputs(of offer: ActionOffer) -> [WorkflowInput] {
        if !offer.bodies.isEmpty, !offer.needs.contains(.department), !offer.needs.contains(.departments) {
            return offer.needs + [.department]
        }
        return offer.needs
    }

    /// One field of an action's form: what the action's guards need, labelled.
    private func input(for need: WorkflowInput, offer: ActionOffer, language: PageLanguage, bodyName: (OrganisationCode?) -> String) -> [String: Any] {
        let name = need.rawValue
        // Every kind flag is set, true or false: Mustache would otherwise find a missing key in an
        // enclosing context (the case's `number`) and render the wrong control.
        var field: [String: Any] = ["name": name, "label": language.text(need.label), "id": "\(offer.action.rawValue)-\(name)",
                                    "isTextarea": false, "isNumber": false, "isSelect": false, "isCheckboxes": false, "isFile": false, "options": [Any](), "step": ""]
        switch need {
        case .note:
            field["isTextarea"] = true
            field["name"] = "note"
        case .evidence:
            // A note describing the work, and photos: pages.js uploads a chosen file to
            // /api/v1/media and names it in the form's `attachments` before sending the form.
            field["isTextarea"] = true
            field["name"] = "note"
            field["isFile"] = true
            field["fileLabel"] = language.text(WebText.photo)
            field["fileID"] = "\(offer.action.rawValue)-photo"
        case .hours:
            field["isNumber"] = true
            field["step"] = "0.5"
        case .parentCase:
            field["isNumber"] = true
            field["step"] = "1"
        case .department:
            field["isSelect"] = true
            field["options"] = offer.bodies.map { ["value": $0.rawValue, "label": bodyName($0)] }
        case .departments:
            field["isCheckboxes"] = true
            field["options"] = offer.bodies.enumerated().map { ["value": $1.rawValue, "label": bodyName($1), "id": "\(offer.action.rawValue)-body-\($0)"] }
        case .satisfaction:
            field["isSelect"] = true
            field["options"] = Satisfaction.allCases.map { ["value": $0.rawValue, "label": language.text($0.label)] }
        case .rating:
            field["isSelect"] = true
            field["options"] = (1...5).map { ["value": "\($0)", "label": "\($0)"] }
        }
        return field
    }

    @Sendable func act(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        let language = PageLanguage.of(request)
        let id = try RequestInput.caseID(context)
        let step = StepRequest(action: form["action"], note: form["note"] ?? "", departmentCode: form["department_code"].flatMap { $0.isEmpty ? nil : $0 },
                               departmentCodes: form.all("department_codes"), hours: form["hours"].flatMap(Double.init),
                               attachments: form.all("attachments").filter { !$0.isEmpty },
                               parentCaseID: form["parent_case_id"].flatMap(Int64.init), satisfaction: form["satisfaction"],
                               rating: form["rating"].flatMap(Int.init), expectedVersion: form["expected_version"].flatMap(Int.init))
        do {
            _ = try await application.act(on: id, step, by: context.caller)
            // From a workbench: back to it (a path of these pages only), with a notice of what was done.
            if let next = form["next"], !next.isEmpty {
                let back = String(WebSession.safeNext(next).prefix { $0 != "#" })
                let notice = "done=" + ((step.action ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["_"])) ?? "") + "&case=\(id.rawValue)"
                return WebSession.redirect(to: back + (back.contains("?") ? "&" : "?") + notice)
            }
            return WebSession.redirect(to: "/app/cases/\(id.rawValue)")
        } catch let error as DomainError where error.kind != .unauthenticated {
            // A refused action: the case page again, with the reason in the caller's language.
            // A case the caller may not read at all gets the refusal page instead.
            return try await renderer.orRefusal(request, context, policy: application.policy) {
                try await renderCase(request, context, notice: (false, language.text(WebText.refused) + "：" + language.text(error.message)),
                                     status: APIError(error).status)
            }
        }
    }

    /// A grid's outer ring as JSON `[[lon, lat], …]` for the case map's script (escaped by the template).
    private func gridRing(_ ring: [GeoPoint]) -> String {
        "[" + ring.map { String(format: "[%.7f,%.7f]", $0.lon, $0.lat) }.joined(separator: ",") + "]"
    }

}
