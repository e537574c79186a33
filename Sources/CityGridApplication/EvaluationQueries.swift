import CityGridAnalytics
import CityGridCore
import CityGridService
import CityGridStore
import Foundation

/// Which rule set an evaluation uses: one shipped with CityGrid by name, or a rule file's text that
/// a city is trying out.
public enum RuleChoice: Sendable {
    case preset(String)
    case posted(String)
    /// A rule file posted before and held by the application under this name (`file:…`,
    /// ``CityApplication/holdRuleFile(_:for:)``).
    case held(String)
}

/// How an evaluation is written.
public enum EvaluationFormat: String, Sendable {
    case json, csv
}

/// Evaluations (综合评价) and the cases behind a figure, scoped like the case list: a district sees
/// its district's regions, bodies and people, a department its own line, the city everything. Ranks
/// stay the city's. The scan and the writing of the answer run in ``HeavyWork``.
extension CityApplication {
    /// The longest rule file a caller may post, and the most indicators it may hold: an answer grows
    /// with indicators × subjects, and an evaluation holds a heavy-work worker while it runs.
    public static let postedRulesLimit = (bytes: 256 * 1024, indicators: 200, figures: 250_000)

    public func evaluation(_ rules: RuleChoice, subject: String?, period: String?, format: EvaluationFormat = .json,
                           for caller: Caller, at now: Date = Date()) async throws -> Rendered {
        let report = try await evaluationReport(rules, subject: subject, period: period, for: caller, at: now)
        return try await heavy.run {
            switch format {
            case .csv: Rendered(text: EvaluationFormats.csv(report), contentType: "text/csv; charset=utf-8")
            case .json: try Rendered.json(EvaluationFormats.json(report))
            }
        }
    }

    /// The evaluation itself, its rows those the caller may read (the web dashboard draws it; the
    /// API writes it as JSON or CSV).
    public func evaluationReport(_ rules: RuleChoice, subject: String?, period: String?, for caller: Caller,
                                 at now: Date = Date()) async throws -> EvaluationReport {
        let permission: Permission
        if case .preset = rules { permission = .evaluationRead } else { permission = .evaluationCustom }
        try policy.requireHolding(caller, permission)
        let current = self.current
        let (subjectClass, period) = try AnalysisInput.subjectAndPeriod(subject, period)
        let policy = self.policy
        // A shipped rule set's evaluation is kept while the fact table does not change, for the minute
        // (`overdue` is judged at the time of evaluation); the rows are filtered for each caller (the
        // users are read for that only when the subjects are people).
        if let name = rules.heldOrPresetName {
            let key = AnalysisCache.Key(kind: "evaluation", parameters: [name, subjectClass.rawValue, period.description, "\(Int64(now.timeIntervalSince1970 / 60))"],
                                        generation: current.facts.generation)
            var report = try await current.analyses.get(key) { [self] in
                let evaluator = Evaluator(city: current.city, users: try await store.users())
                return try await heavy.run { [self] in
                    let ruleSet = try ruleSet(rules, in: current)
                    if case .held = rules { try Self.checkFigures(ruleSet, subjectClass, city: current.city, users: evaluator.users.count) }
                    return try current.facts.read { try evaluator.evaluate(ruleSet, subject: subjectClass, period: period, facts: $0, now: now) }
                }
            }
            let users = subjectClass.role != nil ? try await store.users() : []
            report.rows = report.rows.filter {
                Self.mayRead(report.subjectClass, code: $0.code, caller: caller, users: users, city: current.city, policy: policy, permission: .evaluationRead)
            }
            return report
        }
        let evaluator = Evaluator(city: current.city, users: try await store.users())
        // Parsing a posted rule file is heavy work too (a 256 KB file holds hundreds of indicators).
        return try await heavy.run { [self] in
            let ruleSet = try ruleSet(rules, in: current)
            try Self.checkFigures(ruleSet, subjectClass, city: current.city, users: evaluator.users.count)
            var report = try current.facts.read { try evaluator.evaluate(ruleSet, subject: subjectClass, period: period, facts: $0, now: now) }
            report.rows = report.rows.filter {
                Self.mayRead(report.subjectClass, code: $0.code, caller: caller, users: evaluator.users, city: current.city, policy: policy, permission: .evaluationRead)
            }
            return report
        }
    }

    /// The cases counted in one figure (`code`'s `indicator`), for a figure the caller may read; any
    /// other subject is reported as not found.
    public func explanation(rules name: String, subject: String?, period: String?, code: String?, indicator: String?,
                            for caller: Caller, at now: Date = Date()) async throws -> Explanation {
        try policy.requireHolding(caller, .evaluationExplain)
        let choice = ruleChoice(name)
        if case .held = choice { try policy.requireHolding(caller, .evaluationCustom) }
        let current = self.current
        let ruleSet = try ruleSet(choice, in: current)
        let (subjectClass, period) = try AnalysisInput.subjectAndPeriod(subject, period)
        guard let code else { throw DomainError.invalidField("code", zh: "缺少考核对象代码 code", en: "code (the subject) is required") }
        let evaluator = Evaluator(city: current.city, users: try await store.users())
        guard Self.mayRead(subjectClass, code: code, caller: caller, users: evaluator.users, city: current.city, policy: policy, permission: .evaluationExplain) else {
            throw DomainError.notFound(subjectClass.label, code, field: "code")
        }
        guard let indicator else { throw DomainError.invalidField("indicator", zh: "缺少指标 indicator", en: "indicator is required") }
        return try await heavy.run {
            try current.facts.read { try evaluator.explain(ruleSet, subject: subjectClass, code: code, indicator: indicator, period: period, facts: $0, now: now) }
        }
    }

    /// The indicators a rule set (a preset's or a held file's name) gives `subject`, for links to
    /// their explanations; refused on `rules` like an evaluation.
    public func indicators(rules name: String, subject: SubjectClass, for caller: Caller) throws -> [(id: String, label: LocalizedText)] {
        let choice = ruleChoice(name)
        try policy.requireHolding(caller, { if case .preset = choice { Permission.evaluationRead } else { Permission.evaluationCustom } }())
        return (try ruleSet(choice, in: current).section(for: subject)?.indicators ?? []).map { ($0.id, $0.label) }
    }

    /// The names of the shipped rule sets.
    public var ruleSetNames: [String] { RuleSetPresets.names }

    /// A shipped rule file's text.
    public func ruleSetText(_ name: String) throws -> String {
        guard let text = RuleSetPresets.text(name) else { throw DomainError.notFound("rule set", name, field: "name") }
        return text
    }

    /// The rule set a name chooses: a preset's name, or a held file's (`file:…`); anything else is
    /// a preset's name that does not exist (refused on `rules` when used).
    public func ruleChoice(_ name: String) -> RuleChoice {
        name.hasPrefix(HeldRuleFiles.prefix) ? .held(name) : .preset(name)
    }

    /// Checks a city's rule file (as a posted one: its size, its lines, its indicators) and holds it
    /// for later evaluations and explanations; returns the name it is held under (`file:…`).
    public func holdRuleFile(_ text: String, for caller: Caller) async throws -> String {
        try policy.requireHolding(caller, .evaluationCustom)
        let current = self.current
        let ruleSet = try await heavy.run { [self] in try self.ruleSet(.posted(text), in: current) }
        return heldRules.hold(text, label: ruleSet.label)
    }

    /// The rule files held, most recent first (name and label), for callers who may use them.
    public func heldRuleFiles(for caller: Caller) -> [(name: String, label: LocalizedText)] {
        guard policy.holds(caller, .evaluationCustom) else { return [] }
        return heldRules.all.map { ($0.name, $0.label) }
    }

    private func ruleSet(_ choice: RuleChoice, in current: Current) throws -> RuleSet {
        switch choice {
        case .held(let name):
            guard let file = heldRules.file(named: name) else {
                throw DomainError(.invalid, code: "unknown_rules", field: "rules",
                                  zh: "规则文件 \(name) 未保存（服务器已重启或文件过多）：请重新提交",
                                  en: "The rule file \(name) is not held (the server restarted or newer files replaced it): post it again")
            }
            return try current.parsedRules.get(name) { try RuleSets.parse(file.text, source: "rules", workflow: current.city.workflow) }
        case .preset(let name):
            guard RuleSetPresets.text(name) != nil else {
                throw DomainError.invalidField("rules", zh: "预置规则集为 \(RuleSetPresets.names.joined(separator: "、"))；自定义规则请用 POST",
                                               en: "rules is one of \(RuleSetPresets.names.joined(separator: ", ")); POST a rule file to use your own")
            }
            return try current.parsedRules.get(name) { try RuleSets.load(name, workflow: current.city.workflow) }
        case .posted(let text):
            let limit = Self.postedRulesLimit
            guard text.utf8.count <= limit.bytes else {
                throw DomainError(.tooLarge, code: "too_large", field: "rules", zh: "规则文件不得超过 \(limit.bytes / 1024) KB",
                                  en: "A posted rule file is at most \(limit.bytes / 1024) KB")
            }
            let ruleSet = try RuleSets.parse(text, source: "rules", workflow: current.city.workflow)
            let indicators = ruleSet.sections.reduce(0) { $0 + $1.indicators.count + $1.deductions.count }
            guard indicators <= limit.indicators else {
                throw DomainError.invalidField("rules", zh: "规则文件最多 \(limit.indicators) 项指标与扣分项（此文件 \(indicators) 项）",
                                               en: "A posted rule file holds at most \(limit.indicators) indicators and deductions (this one has \(indicators))")
            }
            return ruleSet
        }
    }

    /// A city's rule file may ask for at most ``postedRulesLimit``'s figures: the answer grows with
    /// subjects × indicators, so it is bounded before the evaluation.
    static func checkFigures(_ ruleSet: RuleSet, _ subjectClass: SubjectClass, city: CityModel, users: Int) throws(DomainError) {
        let subjects = Self.subjectCount(subjectClass, city: city, users: users)
        let indicators = ruleSet.section(for: subjectClass).map { $0.indicators.count + $0.deductions.count } ?? 0
        let limit = Self.postedRulesLimit.figures
        guard subjects * indicators <= limit else {
            throw DomainError(.invalid, code: "too_many_figures", field: "subject", zh: "自定义规则按“\(subjectClass.label.zh)”考核将产生 \(subjects * indicators) 项数值，上限 \(limit)：请减少指标或选较粗的考核对象",
                                           en: "Posted rules by \(subjectClass.rawValue) would give \(subjects * indicators) figures (\(subjects) subjects × \(indicators) indicators), more than \(limit): use fewer indicators or a coarser subject")
        }
    }

    /// At most how many subjects of `subjectClass` an evaluation can have rows for.
    static func subjectCount(_ subjectClass: SubjectClass, city: CityModel, users: Int) -> Int {
        switch subjectClass {
        case .grid: city.grids.count
        case .district: city.regions.count { $0.level == .district }
        case .subdistrict: city.regions.count { $0.level == .subdistrict }
        case .community: city.regions.count { $0.level == .community }
        case .department, .enterprise, .ngo: city.organisations.count
        default: users
        }
    }

    /// Whether the caller may read the figure of subject `code` under `permission`.
    static func mayRead(_ subjectClass: SubjectClass, code: String, caller: Caller, users: [User], city: CityModel,
                        policy: AccessPolicy, permission: Permission) -> Bool {
        let resource: AccessResource
        if subjectClass.isRegion {
            guard let region = RegionCode(code) else { return false }
            resource = .region(region)
        } else if subjectClass.role != nil {
            guard let raw = Int64(code), let person = users.first(where: { $0.id == UserID(raw) }) else { return false }
            resource = .person(id: person.id, organisationCode: person.organisationCode, jurisdiction: person.jurisdiction)
        } else {
            let organisation = OrganisationCode(code)
            resource = .organisation(code: organisation, jurisdiction: city.organisations.first { $0.code == organisation }?.jurisdiction)
        }
        return policy.permits(caller, permission, on: resource)
    }
}

extension RuleChoice {
    /// The name results of this choice are kept under: a preset's or a held file's (its text's hash);
    /// `nil` for a posted text.
    var heldOrPresetName: String? {
        switch self {
        case .preset(let name), .held(let name): name
        case .posted: nil
        }
    }
}
