import Foundation

/// The workflow definition's file format (`workflow.json`), as shipped (``WorkflowDefinition/standard``)
/// and as a city edits it (`citygrid export workflow`, edit, `citygrid import workflow`).
///
/// `from` lists state names, or `*open` for every state that is neither terminal nor parked; `to` is
/// a state name, `$stay` or `$previous`. Loading refuses, naming the entry: unknown names, an action
/// without a role, an action that leaves a terminal state, a state no action reaches, and a dead end
/// (a state that is not terminal but that no action leaves).
public struct WorkflowDefinitionFile: Codable, Sendable {
    public struct LimitSpec: Codable, Sendable {
        public var amount: Double?
        public var unit: TimeLimit.Unit?
        /// `"category"` in place of an object: the catalogue's limit.
        public var category: Bool

        public init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                guard text == "category" else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a limit is {amount, unit} or \"category\""))
                }
                category = true
                return
            }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            amount = try c.decode(Double.self, forKey: .amount)
            unit = try c.decode(TimeLimit.Unit.self, forKey: .unit)
            category = false
        }

        public func encode(to encoder: any Encoder) throws {
            if category {
                var c = encoder.singleValueContainer()
                try c.encode("category")
            } else {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(amount, forKey: .amount)
                try c.encode(unit, forKey: .unit)
            }
        }

        enum CodingKeys: String, CodingKey { case amount, unit }

        init(_ limit: WorkflowDefinition.StageLimit) {
            switch limit {
            case .category: category = true
            case .fixed(let t): amount = t.amount; unit = t.unit; category = false
            }
        }
    }

    public struct StageEntry: Codable, Sendable {
        public var name: String
        public var label_zh: String
        public var label_en: String
        public var limit: LimitSpec
        /// Optional: the action CityGrid itself takes when the stage's limit passes, instead of escalating
        /// (a claim not acted on in time goes back to the pool).
        public var overdue_action: String?
    }

    public struct StateEntry: Codable, Sendable {
        public var name: String
        public var label_zh: String
        public var label_en: String
        public var terminal: Bool?
        /// Parked states (a merged duplicate) are left out of `*open`: no clock, no supervision.
        public var parked: Bool?
        public var stage: String?
    }

    public struct ActionEntry: Codable, Sendable {
        public var name: String
        public var label_zh: String
        public var label_en: String
        public var from: [String]
        public var to: String
        public var roles: [String]
        public var scope: WorkflowDefinition.Scope
        public var guards: [WorkflowGuard]?
        public var effects: [WorkflowEffect]?
    }

    public var version: Int
    public var initial: String
    public var reporting_roles: [String]
    public var reopen_window_days: Int
    /// The stages whose limits add up to the whole case's limit.
    public var case_limit_stages: [String]
    public var arrival_minutes: Int
    public var duplicate_radius_metres: Double
    public var duplicate_window_hours: Double
    public var stages: [StageEntry]
    public var states: [StateEntry]
    public var actions: [ActionEntry]

    /// Decodes and validates a definition file.
    public static func decode(json data: Data) throws(DomainError) -> (WorkflowDefinition, WorkflowDefinitionFile) {
        let file: WorkflowDefinitionFile
        do {
            file = try JSONDecoder().decode(WorkflowDefinitionFile.self, from: data)
        } catch {
            throw DomainError(.invalid, code: "invalid_workflow", field: JSONErrorPath.path(of: error),
                              zh: "流程定义无法解析：\(JSONErrorPath.explain(error))", en: "The workflow definition cannot be read: \(JSONErrorPath.explain(error))")
        }
        return (try file.definition(), file)
    }

    /// The file's JSON, pretty-printed with sorted keys.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    private func fail(_ field: String, _ zh: String, _ en: String) -> DomainError {
        DomainError(.invalid, code: "invalid_workflow", field: field, zh: "流程定义无效：\(zh)", en: "Invalid workflow definition: \(en)")
    }

    /// The validated definition.
    public func definition() throws(DomainError) -> WorkflowDefinition {
        guard version == 1 else { throw fail("version", "不支持的版本 \(version)", "unsupported version \(version)") }
        var stageMap: [String: WorkflowDefinition.Stage] = [:]
        for (i, s) in stages.enumerated() {
            // Stage logs and rule files write stage names in their own syntax.
            guard !s.name.isEmpty, !s.name.contains(where: { $0.isWhitespace || ":;|+!/#=".contains($0) }) else {
                throw fail("stages[\(i)].name", "阶段名不能为空，也不能含空白或 : ; | + ! / # =", "a stage name must not be empty or hold blanks or any of : ; | + ! / # =")
            }
            let limit: WorkflowDefinition.StageLimit
            if s.limit.category { limit = .category } else {
                guard let amount = s.limit.amount, let unit = s.limit.unit, amount > 0, amount <= unit.maximum else {
                    throw fail("stages[\(i)].limit", "阶段 \(s.name) 的时限须大于0且不超过一年", "the limit of stage \(s.name) must be positive and at most a year")
                }
                limit = .fixed(TimeLimit(amount: amount, unit: unit))
            }
            guard stageMap.updateValue(WorkflowDefinition.Stage(name: s.name, label: LocalizedText(zh: s.label_zh, en: s.label_en), limit: limit),
                                       forKey: s.name) == nil else {
                throw fail("stages[\(i)].name", "阶段重复：\(s.name)", "duplicate stage \(s.name)")
            }
        }
        var stateMap: [CaseState: WorkflowDefinition.State] = [:]
        var parked = Set<CaseState>()
        for (i, s) in states.enumerated() {
            guard !s.name.isEmpty, !s.name.hasPrefix("$"), !s.name.hasPrefix("*") else {
                throw fail("states[\(i)].name", "状态名无效", "a state name must not be empty or start with $ or *")
            }
            if let stage = s.stage, stageMap[stage] == nil {
                throw fail("states[\(i)].stage", "状态 \(s.name) 的阶段 \(stage) 未定义", "state \(s.name) names an unknown stage \(stage)")
            }
            let name = CaseState(rawValue: s.name)
            guard stateMap.updateValue(WorkflowDefinition.State(name: name, label: LocalizedText(zh: s.label_zh, en: s.label_en),
                                                                terminal: s.terminal ?? false, stage: s.stage), forKey: name) == nil else {
                throw fail("states[\(i)].name", "状态重复：\(s.name)", "duplicate state \(s.name)")
            }
            if s.parked == true { parked.insert(name) }
        }
        let initialState = CaseState(rawValue: initial)
        guard let start = stateMap[initialState], !start.terminal else {
            throw fail("initial", "初始状态 \(initial) 未定义或为终止状态", "the initial state \(initial) is unknown or terminal")
        }
        let open = Set(stateMap.values.filter { !$0.terminal }.map(\.name)).subtracting(parked)
        func role(_ text: String, _ field: String) throws(DomainError) -> Role {
            guard let role = Role(rawValue: text), AccessPolicy.standard.roles[role] != nil else {
                throw fail(field, "未知角色 \(text)", "unknown role \(text); roles are \(AccessPolicy.standard.roleOrder.map(\.rawValue).joined(separator: ", "))")
            }
            return role
        }
        var actionMap: [WorkflowAction: WorkflowDefinition.Action] = [:]
        var order: [WorkflowAction] = []
        for (i, a) in actions.enumerated() {
            let name = WorkflowAction(rawValue: a.name)
            guard !a.name.isEmpty, a.name != WorkflowAction.report.rawValue else {
                throw fail("actions[\(i)].name", "动作名无效", "an action name must not be empty or \"report\" (reporting is not a step)")
            }
            guard !a.roles.isEmpty else {
                throw fail("actions[\(i)].roles", "动作 \(a.name) 没有任何角色可以执行", "action \(a.name) has no role that may take it")
            }
            var roles = Set<Role>()
            for (j, text) in a.roles.enumerated() { roles.insert(try role(text, "actions[\(i)].roles[\(j)]")) }
            var from = Set<CaseState>()
            for (j, text) in a.from.enumerated() {
                if text == "*open" { from.formUnion(open); continue }
                let state = CaseState(rawValue: text)
                guard stateMap[state] != nil else {
                    throw fail("actions[\(i)].from[\(j)]", "动作 \(a.name) 的起始状态 \(text) 未定义", "action \(a.name) starts from an unknown state \(text)")
                }
                from.insert(state)
            }
            guard !from.isEmpty else { throw fail("actions[\(i)].from", "动作 \(a.name) 没有起始状态", "action \(a.name) starts from no state") }
            let target: WorkflowDefinition.Target
            switch a.to {
            case "$stay": target = .stay
            case "$previous": target = .previous
            default:
                let state = CaseState(rawValue: a.to)
                guard stateMap[state] != nil else {
                    throw fail("actions[\(i)].to", "动作 \(a.name) 的目标状态 \(a.to) 未定义", "action \(a.name) leads to an unknown state \(a.to)")
                }
                target = .state(state)
            }
            if target != .stay, let terminal = from.first(where: { stateMap[$0]!.terminal }) {
                throw fail("actions[\(i)].from", "动作 \(a.name) 会改变终止状态 \(terminal) 的案件", "action \(a.name) would move a case out of the terminal state \(terminal)")
            }
            guard actionMap.updateValue(WorkflowDefinition.Action(name: name, label: LocalizedText(zh: a.label_zh, en: a.label_en), from: from, to: target,
                                                                  roles: roles, scope: a.scope, guards: a.guards ?? [], effects: a.effects ?? []),
                                        forKey: name) == nil else {
                throw fail("actions[\(i)].name", "动作重复：\(a.name)", "duplicate action \(a.name)")
            }
            order.append(name)
        }
        // An overdue action is one the system may take from every state of its stage.
        for (i, s) in stages.enumerated() {
            guard let text = s.overdue_action else { continue }
            let name = WorkflowAction(rawValue: text)
            let statesOfStage = stateMap.values.filter { $0.stage == s.name }.map(\.name)
            guard let action = actionMap[name], action.roles.contains(.system), statesOfStage.allSatisfy(action.from.contains) else {
                throw fail("stages[\(i)].overdue_action", "阶段 \(s.name) 的超时动作 \(text) 须为系统可在该阶段各状态执行的动作",
                           "the overdue action \(text) of stage \(s.name) must be an action the system takes from every state of the stage")
            }
            stageMap[s.name]?.overdueAction = name
        }
        // Reachability from the initial state, and dead ends.
        var reached: Set<CaseState> = [initialState]
        var frontier = [initialState]
        while let state = frontier.popLast() {
            for action in actionMap.values where action.from.contains(state) {
                if case .state(let next) = action.to, reached.insert(next).inserted { frontier.append(next) }
            }
        }
        for (i, s) in states.enumerated() where !reached.contains(CaseState(rawValue: s.name)) {
            throw fail("states[\(i)]", "状态 \(s.name) 不可达", "state \(s.name) is unreachable from \(initial)")
        }
        guard stateMap.values.contains(where: \.terminal) else {
            throw fail("states", "没有终止状态", "no state is terminal: a case could never end")
        }
        // Dead ends: from every state that is not terminal, some path must lead to a terminal one. An
        // action to `$previous` leads back to any state that a parking action comes from.
        var successors: [CaseState: Set<CaseState>] = [:]
        for action in actionMap.values {
            for from in action.from {
                switch action.to {
                case .state(let to) where to != from: successors[from, default: []].insert(to)
                case .previous:
                    let parkedFrom = actionMap.values.filter { if case .state(let t) = $0.to { return t == from } else { return false } }.flatMap(\.from)
                    successors[from, default: []].formUnion(parkedFrom)
                default: break
                }
            }
        }
        var ending = Set(stateMap.values.filter(\.terminal).map(\.name))
        var grew = true
        while grew {
            grew = false
            for (state, next) in successors where !ending.contains(state) && !next.isDisjoint(with: ending) {
                ending.insert(state)
                grew = true
            }
        }
        for (i, s) in states.enumerated() where s.terminal != true && !ending.contains(CaseState(rawValue: s.name)) {
            throw fail("states[\(i)]", "状态 \(s.name) 是死胡同：从它无法到达任何终止状态", "state \(s.name) is a dead end: no path leads from it to a terminal state")
        }
        for (j, name) in case_limit_stages.enumerated() where stageMap[name] == nil {
            throw fail("case_limit_stages[\(j)]", "阶段 \(name) 未定义", "unknown stage \(name)")
        }
        var reporting = Set<Role>()
        for (j, text) in reporting_roles.enumerated() { reporting.insert(try role(text, "reporting_roles[\(j)]")) }
        guard (0...365).contains(reopen_window_days), (1...1440).contains(arrival_minutes), (0...10_000).contains(duplicate_radius_metres),
              (0...8760).contains(duplicate_window_hours) else {
            throw fail("settings", "设置超出范围", "settings out of range: reopen_window_days 0-365, arrival_minutes 1-1440, duplicate_radius_metres 0-10000, duplicate_window_hours 0-8760")
        }
        try checkEffects(actionMap, stateMap, parked)
        return WorkflowDefinition(initial: initialState, states: stateMap, stages: stageMap, actions: actionMap, actionOrder: order,
                                  caseLimitStages: case_limit_stages, file: self, reportingRoles: reporting, reopenWindowDays: reopen_window_days, arrivalMinutes: arrival_minutes,
                                  duplicateRadiusMetres: duplicate_radius_metres, duplicateWindowHours: duplicate_window_hours)
    }

    /// Effects that read a command's input need the guard that checks it; terminal states admit only
    /// the effects of return visits, reopening and ratings; terminal and parked states run no clock;
    /// and every state with a clock can be warned and escalated by the system.
    private func checkEffects(_ actions: [WorkflowAction: WorkflowDefinition.Action], _ states: [CaseState: WorkflowDefinition.State],
                              _ parked: Set<CaseState>) throws(DomainError) {
        let needs: [WorkflowEffect: WorkflowGuard] = [.holdExtension: .hours, .parkMerged: .parent, .createSubtasks: .departments,
                                                      .subtaskRated: .rating, .recordVisit: .satisfaction]
        let afterEnd: Set<WorkflowEffect> = [.recordVisit, .spawnReopened, .subtaskRated]
        for (i, action) in self.actions.enumerated() {
            let definition = actions[WorkflowAction(rawValue: action.name)]!
            for effect in definition.effects {
                if let rule = needs[effect], !definition.guards.contains(rule) {
                    throw fail("actions[\(i)].guards", "动作 \(action.name) 的效果 \(effect.rawValue) 需要校验 \(rule.rawValue)",
                               "action \(action.name) has the effect \(effect.rawValue) without the guard \(rule.rawValue)")
                }
                if definition.from.contains(where: { states[$0]!.terminal }), !afterEnd.contains(effect) {
                    throw fail("actions[\(i)].effects", "终止状态的案件不能执行效果 \(effect.rawValue)",
                               "the effect \(effect.rawValue) would change a case in a terminal state (only record_visit, spawn_reopened and subtask_rated may)")
                }
            }
        }
        for (i, s) in self.states.enumerated() where s.stage != nil && (s.terminal == true || s.parked == true) {
            throw fail("states[\(i)].stage", "终止或挂起状态不计时", "the terminal or parked state \(s.name) cannot run a clock stage")
        }
        for effect in [WorkflowEffect.alertWarn, .alertEscalate] {
            let covered = actions.values.filter { $0.effects.contains(effect) && $0.roles.contains(.system) }.reduce(into: Set<CaseState>()) { $0.formUnion($1.from) }
            for (i, s) in self.states.enumerated() where s.stage != nil && !covered.contains(CaseState(rawValue: s.name)) {
                throw fail("states[\(i)]", "计时状态 \(s.name) 缺少系统的 \(effect.rawValue) 动作",
                           "the clock cannot raise \(effect.rawValue) in state \(s.name): no action with that effect for the role system leaves it")
            }
        }
    }
}
