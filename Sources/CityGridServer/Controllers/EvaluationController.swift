import CityGridAnalytics
import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// `/api/v1/evaluation` and `/api/v1/rules`: evaluations with a shipped or posted rule set, the cases
/// behind any figure, and the shipped rule files. Scoped to the caller by the application layer.
struct EvaluationController {
    let application: CityApplication

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.get("evaluation", use: evaluate)
        group.post("evaluation", use: evaluatePosted)
        group.get("evaluation/explain", use: explain)
        group.get("rules", use: rules)
        group.get("rules/:name", use: ruleFile)
    }

    struct Posted: Decodable {
        var rules: String
        var subject: String?
        var period: String
    }

    @Sendable func evaluate(_ request: Request, context: CityRequestContext) async throws -> Response {
        let format: EvaluationFormat
        switch RequestInput.query(request, "format") ?? "json" {
        case "json": format = .json
        case "csv": format = .csv
        default: throw DomainError.invalidField("format", zh: "format 须为 json 或 csv", en: "format must be json or csv")
        }
        return JSONIO.rendered(try await application.evaluation(
            .preset(RequestInput.query(request, "rules") ?? "standard"), subject: RequestInput.query(request, "subject"),
            period: RequestInput.query(request, "period") ?? RequestInput.query(request, "month"), format: format, for: context.caller))
    }

    /// A rule file in the body (`rules`: its text), for a city trying its own rules.
    @Sendable func evaluatePosted(_ request: Request, context: CityRequestContext) async throws -> Response {
        let body = try await RequestInput.decode(Posted.self, from: request, limit: BodyLimit.rules)
        return JSONIO.rendered(try await application.evaluation(.posted(body.rules), subject: body.subject, period: body.period, for: context.caller))
    }

    struct ExplanationDTO: Encodable {
        var subject_code: String
        var indicator: String
        var period: String
        var value: Double?
        /// Case ids, coded as plain numbers.
        var numerator: [CaseID]
        var denominator: [CaseID]
    }

    @Sendable func explain(_ request: Request, context: CityRequestContext) async throws -> Response {
        let e = try await application.explanation(
            rules: RequestInput.query(request, "rules") ?? "standard", subject: RequestInput.query(request, "subject"),
            period: RequestInput.query(request, "period") ?? RequestInput.query(request, "month"),
            code: RequestInput.query(request, "code"), indicator: RequestInput.query(request, "indicator"), for: context.caller)
        return try JSONIO.response(ExplanationDTO(subject_code: e.subjectCode, indicator: e.indicator, period: e.period.description,
                                                  value: e.value, numerator: e.numerator, denominator: e.denominator))
    }

    @Sendable func rules(_ request: Request, context: CityRequestContext) async throws -> Response {
        try JSONIO.response(application.ruleSetNames)
    }

    @Sendable func ruleFile(_ request: Request, context: CityRequestContext) async throws -> Response {
        JSONIO.text(try application.ruleSetText(context.parameters.get("name") ?? "") + "\n", contentType: "text/plain; charset=utf-8")
    }
}
