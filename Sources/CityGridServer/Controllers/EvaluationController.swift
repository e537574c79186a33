import CityGridAnalytics
import CityGridCore
import CityGridService
import Foundation
import Hummingbird

/// `/api/v1/evaluation` and `/api/v1/rules`: evaluations with a shipped or posted rule set, the cases
/// behind any figure, and the shipped rule files. Staff only (not citizens).
struct EvaluationController<Context: RequestContext> {
    let service: CityService
    let facts: LiveFacts

    func addRoutes(to group: RouterGroup<Context>) {
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

    @Sendable func evaluate(_ request: Request, context: Context) async throws -> Response {
        let (evaluator, user) = try await scopedEvaluator(request, .evaluationRead)
        let ruleSet = try presetRules(request)
        let (subject, period) = try EvaluationInput.subjectAndPeriod(RequestInput.query(request, "subject"), RequestInput.query(request, "period") ?? RequestInput.query(request, "month"))
        var report = try facts.read { try evaluator.evaluate(ruleSet, subject: subject, period: period, facts: $0) }
        report.rows = visibleRows(report, user: user, users: evaluator.users)
        if RequestInput.query(request, "format") == "csv" {
            return JSONIO.text(EvaluationFormats.csv(report), contentType: "text/csv; charset=utf-8")
        }
        return try JSONIO.response(EvaluationFormats.json(report))
    }

    /// A rule file in the body (`rules`: its text), for a city trying its own rules.
    @Sendable func evaluatePosted(_ request: Request, context: Context) async throws -> Response {
        let (evaluator, user) = try await scopedEvaluator(request, .evaluationCustom)
        let body = try await RequestInput.decode(Posted.self, from: request)
        let ruleSet = try RuleSets.parse(body.rules, source: "rules", workflow: service.city.workflow)
        let (subject, period) = try EvaluationInput.subjectAndPeriod(body.subject, body.period)
        var report = try facts.read { try evaluator.evaluate(ruleSet, subject: subject, period: period, facts: $0) }
        report.rows = visibleRows(report, user: user, users: evaluator.users)
        return try JSONIO.response(EvaluationFormats.json(report))
    }

    struct ExplanationDTO: Encodable {
        var subject_code: String
        var indicator: String
        var period: String
        var value: Double?
        var numerator: [Int64]
        var denominator: [Int64]
    }

    @Sendable func explain(_ request: Request, context: Context) async throws -> Response {
        let (evaluator, user) = try await scopedEvaluator(request, .evaluationExplain)
        let ruleSet = try presetRules(request)
        let (subject, period) = try EvaluationInput.subjectAndPeriod(RequestInput.query(request, "subject"), RequestInput.query(request, "period") ?? RequestInput.query(request, "month"))
        guard let code = RequestInput.query(request, "code") else { throw DomainError.invalidField("code", zh: "缺少考核对象代码 code", en: "code (the subject) is required") }
        // Only a figure the caller may read is explained; any other subject is reported as not found.
        guard mayRead(subject, code: code, user: user, users: evaluator.users, permission: .evaluationExplain) else {
            throw DomainError.notFound(subject.rawValue, code, field: "code")
        }
        guard let indicator = RequestInput.query(request, "indicator") else { throw DomainError.invalidField("indicator", zh: "缺少指标 indicator", en: "indicator is required") }
        let e = try facts.read { try evaluator.explain(ruleSet, subject: subject, code: code, indicator: indicator, period: period, facts: $0) }
        return try JSONIO.response(ExplanationDTO(subject_code: e.subjectCode, indicator: e.indicator, period: e.period.description,
                                                  value: e.value, numerator: e.numerator, denominator: e.denominator))
    }

    @Sendable func rules(_ request: Request, context: Context) async throws -> Response {
        try JSONIO.response(RuleSetPresets.names)
    }

    @Sendable func ruleFile(_ request: Request, context: Context) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard let text = RuleSetPresets.text(name) else { throw DomainError.notFound("rule set", name, field: "name") }
        return JSONIO.text(text + "\n", contentType: "text/plain; charset=utf-8")
    }

    // MARK: input

    /// The evaluator, once the caller holds `permission` in some role.
    private func scopedEvaluator(_ request: Request, _ permission: Permission) async throws -> (Evaluator, User) {
        let user = try await Authentication.user(request, service: service)
        try Authentication.require(permission, user)
        return (Evaluator(city: service.city, users: try await service.store.users()), user)
    }

    /// The rows of the subjects the caller may read (``Permission/evaluationRead``): a district its
    /// district's regions, bodies and people, a department its own line, the city everything. Ranks
    /// stay the city's.
    private func visibleRows(_ report: EvaluationReport, user: User, users: [User]) -> [EvaluationReport.Row] {
        report.rows.filter { mayRead(report.subjectClass, code: $0.code, user: user, users: users, permission: .evaluationRead) }
    }

    private func mayRead(_ subjectClass: SubjectClass, code: String, user: User, users: [User], permission: Permission) -> Bool {
        let resource: AccessResource
        if subjectClass.isRegion {
            guard let region = RegionCode(code) else { return false }
            resource = .region(region)
        } else if subjectClass.role != nil {
            guard let id = Int64(code), let person = users.first(where: { $0.id == id }) else { return false }
            resource = .person(id: id, organisationCode: person.organisationCode, jurisdiction: person.jurisdiction)
        } else {
            resource = .organisation(code: code, jurisdiction: service.city.organisations.first { $0.code == code }?.jurisdiction)
        }
        return AccessPolicy.standard.permits(Caller(user: user), permission, on: resource)
    }

    private func presetRules(_ request: Request) throws -> RuleSet {
        let name = RequestInput.query(request, "rules") ?? "standard"
        guard RuleSetPresets.text(name) != nil else {
            throw DomainError.invalidField("rules", zh: "预置规则集为 \(RuleSetPresets.names.joined(separator: "、"))；自定义规则请用 POST",
                                           en: "rules is one of \(RuleSetPresets.names.joined(separator: ", ")); POST a rule file to use your own")
        }
        return try RuleSets.load(name, workflow: service.city.workflow)
    }
}
