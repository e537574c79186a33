import CityGridCore
import Foundation
import Testing

@Suite("WorkflowDefinitionFile")
struct WorkflowDefinitionFileTests {
    typealias Kit = WorkflowTestKit
    typealias File = WorkflowDefinitionFile

    static func shipped() throws -> File {
        try JSONDecoder().decode(File.self, from: Data(WorkflowDefinition.standardJSON.utf8))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    static func state(_ name: String, terminal: Bool = false, parked: Bool = false, stage: String? = nil) throws -> File.StateEntry {
        var entry = try decode(File.StateEntry.self, #"{"name": "\#(name)", "label_zh": "\#(name)", "label_en": "\#(name)"}"#)
        entry.terminal = terminal ? true : nil
        entry.parked = parked ? true : nil
        entry.stage = stage
        return entry
    }

    static func action(_ name: String, from: [String], to: String, roles: [String] = ["leader"], guards: [WorkflowGuard] = [],
                       effects: [WorkflowEffect] = []) throws -> File.ActionEntry {
        var entry = try decode(File.ActionEntry.self, #"""
            {"name": "\#(name)", "label_zh": "\#(name)", "label_en": "\#(name)", "from": [], "to": "", "roles": [], "scope": "jurisdiction"}
            """#)
        entry.from = from
        entry.to = to
        entry.roles = roles
        entry.guards = guards
        entry.effects = effects
        return entry
    }

    /// The shipped file changed by `change`, written out and loaded again: the refusal it gives.
    func refusalOf(_ change: (inout File) throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws -> DomainError? {
        var file = try Self.shipped()
        try change(&file)
        let data = file.encoded()
        do throws(DomainError) {
            _ = try File.decode(json: data)
            Issue.record("the changed definition loaded", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.kind == .invalid && error.code == "invalid_workflow", sourceLocation: sourceLocation)
            #expect(!error.message.zh.isEmpty && !error.message.en.isEmpty, sourceLocation: sourceLocation)
            return error
        }
    }

    func expectField(_ field: String?, sourceLocation: SourceLocation = #_sourceLocation, _ change: (inout File) throws -> Void) throws {
        let error = try refusalOf(change, sourceLocation: sourceLocation)
        #expect(error?.field == field, "\(String(describing: error))", sourceLocation: sourceLocation)
    }

    /// The shipped text with one replacement, loaded: the refusal it gives.
    func expectTextField(_ field: String?, replacing old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = WorkflowDefinition.standardJSON
        #expect(text.contains(old), "the shipped text has no \(old)", sourceLocation: sourceLocation)
        guard let range = text.range(of: old) else { return }
        expectRefusal(.invalid, code: "invalid_workflow", field: field, sourceLocation: sourceLocation) { () throws(DomainError) in
            try File.decode(json: Data(text.replacingCharacters(in: range, with: new).utf8))
        }
    }

    // MARK: - The shipped definition

    @Test("the shipped definition loads, and writes out to a file that loads to the same definition")
    func shippedLoads() throws {
        let (definition, file) = try File.decode(json: Data(WorkflowDefinition.standardJSON.utf8))
        #expect(file.version == 1)
        #expect(definition.states.count == 18 && definition.stages.count == 10 && definition.actionOrder.count == 47)
        #expect(definition.actionOrder.map(\.rawValue) == file.actions.map(\.name))
        #expect(definition.states == WorkflowDefinition.standard.states)
        #expect(definition.actions == WorkflowDefinition.standard.actions)
        #expect(definition.stages["disposal"]?.limit == .category)
        #expect(definition.stages["check"]?.limit == .fixed(TimeLimit(amount: 4, unit: .workingHours)))
        #expect(definition.states[.dispatched]?.stage == "disposal" && definition.states[.merged]?.stage == nil)
        for (state, stage) in Kit.stageOfState { #expect(definition.states[state]?.stage == stage, "\(state)") }
        for (stage, hours) in Kit.stageHours {
            #expect(definition.stages[stage]?.limit == .fixed(TimeLimit(amount: Double(hours), unit: .workingHours)), "\(stage)")
        }
        // Every effect and guard of the vocabulary is used by the shipped workflow, but the reporter-only
        // guard, which the scope `reporter_or_jurisdiction` makes redundant there (it stays for cities).
        #expect(Set(definition.actions.values.flatMap(\.effects)) == Set(WorkflowEffect.allCases))
        #expect(Set(definition.actions.values.flatMap(\.guards)) == Set(WorkflowGuard.allCases).subtracting([.reporterOnlyForCitizens]))

        let (again, againFile) = try File.decode(json: file.encoded())
        #expect(again.states == definition.states && again.stages == definition.stages && again.actions == definition.actions)
        #expect(again.actionOrder == definition.actionOrder && again.initial == definition.initial)
        #expect(again.caseLimitStages == definition.caseLimitStages && again.reportingRoles == definition.reportingRoles)
        #expect(again.reopenWindowDays == 7 && again.arrivalMinutes == 30 && again.duplicateRadiusMetres == 50 && again.duplicateWindowHours == 72)
        // The written file is stable.
        #expect(againFile.encoded() == file.encoded())
        let object = try #require(try JSONSerialization.jsonObject(with: file.encoded()) as? [String: Any])
        let stages = try #require(object["stages"] as? [[String: Any]])
        #expect(stages.first { $0["name"] as? String == "disposal" }?["limit"] as? String == "category")
    }

    @Test("*open expands to the states that are neither terminal nor parked")
    func openExpansion() throws {
        let definition = WorkflowDefinition.standard
        let open = Set(definition.states.values.filter { !$0.terminal }.map(\.name)).subtracting([.merged])
        #expect(open == Kit.openStates && open.count == 14)
        for name: WorkflowAction in [.supervise, .reply, .warn, .escalate] {
            #expect(definition.actions[name]?.from == open, "\(name)")
        }
        // A state a city adds is open too; a parked one is not; `*open` can be combined with names.
        var file = try Self.shipped()
        file.states.append(try Self.state("waiting", stage: "check"))
        file.states.append(try Self.state("shelved", parked: true))
        file.actions.append(try Self.action("wait", from: ["disposed"], to: "waiting"))
        file.actions.append(try Self.action("shelve", from: ["*open"], to: "shelved"))
        file.actions.append(try Self.action("unshelve", from: ["shelved", "*open"], to: "$previous"))
        let changed = try file.definition()
        #expect(changed.actions[.supervise]?.from == open.union(["waiting"]))
        #expect(changed.actions["shelve"]?.from == open.union(["waiting"]))
        #expect(changed.actions["unshelve"]?.from == open.union(["waiting", "shelved"]))
    }

    // MARK: - Refusals that name the entry

    @Test("a state no action reaches is refused")
    func unreachable() throws {
        try expectField("states[18]") { file in
            file.states.append(try Self.state("orphan"))
            file.actions.append(try Self.action("leave_orphan", from: ["orphan"], to: "closed"))
        }
        try expectField("states[18]") { file in file.states.append(try Self.state("archived", terminal: true)) }
        // Reached only from an unreachable state is unreachable too.
        try expectField("states[18]") { file in
            file.states.append(try Self.state("orphan"))
            file.states.append(try Self.state("orphan_child"))
            file.actions.append(try Self.action("adopt", from: ["orphan"], to: "orphan_child"))
            file.actions.append(try Self.action("leave", from: ["orphan_child"], to: "orphan"))
        }
        // Taking away the only way into a state makes it unreachable: `invalidated` (index 16).
        try expectField("states[16]") { file in file.actions.removeAll { $0.name == "approve_invalidation" } }
    }

    @Test("a stage name with a blank or a character of the stage-log or rule-file syntax is refused")
    func stageName() throws {
        try expectField("stages[0].name") { file in file.stages[0].name = "In take" }
        try expectField("stages[0].name") { file in file.stages[0].name = "intake:1" }
    }

    @Test("an action without a role is refused")
    func noRole() throws {
        try expectField("actions[4].roles") { file in
            #expect(file.actions[4].name == "file")
            file.actions[4].roles = []
        }
    }

    @Test("a dead end, a state that is not terminal and that no action leaves, is refused")
    func deadEnd() throws {
        try expectField("states[18]") { file in
            file.states.append(try Self.state("limbo"))
            file.actions.append(try Self.action("to_limbo", from: ["filed"], to: "limbo"))
        }
        // Actions that stay do not leave: a state with only supervision is still a dead end.
        try expectField("states[18]") { file in
            file.states.append(try Self.state("limbo"))
            file.actions.append(try Self.action("to_limbo", from: ["filed"], to: "limbo"))
            file.actions.append(try Self.action("poke", from: ["limbo"], to: "$stay"))
        }
        // Without `unmerge`, a merged case could never come back: `merged` (index 13) is a dead end.
        try expectField("states[13]") { file in
            #expect(file.states[13].name == "merged")
            file.actions.removeAll { $0.name == "unmerge" }
        }
    }

    @Test
    func selfLoopIsADeadEnd() throws {
        try expectField("states[18]") { file in
            file.states.append(try Self.state("limbo"))
            file.actions.append(try Self.action("to_limbo", from: ["filed"], to: "limbo"))
            file.actions.append(try Self.action("spin", from: ["limbo"], to: "limbo"))
        }
    }

    @Test("an action that moves a case out of a terminal state is refused; one that keeps it there is fine")
    func leavesTerminal() throws {
        try expectField("actions[47].from") { file in file.actions.append(try Self.action("revive", from: ["closed"], to: "reported")) }
        try expectField("actions[47].from") { file in file.actions.append(try Self.action("revive", from: ["dispatched", "rejected"], to: "$previous")) }
        var file = try Self.shipped()
        file.actions.append(try Self.action("annotate", from: ["closed", "rejected", "invalidated"], to: "$stay"))
        #expect(try file.definition().actions["annotate"]?.to == .stay)
    }

    @Test("unknown states in from and to are refused")
    func unknownStates() throws {
        try expectField("actions[0].from[0]") { file in file.actions[0].from = ["nowhere"] }
        try expectField("actions[3].from[1]") { file in
            #expect(file.actions[3].name == "reject")
            file.actions[3].from = ["reported", "nowhere"]
        }
        try expectField("actions[0].to") { file in file.actions[0].to = "nowhere" }
        try expectField("actions[0].to") { file in file.actions[0].to = "$elsewhere" }
        try expectField("actions[0].from") { file in file.actions[0].from = [] }
        try expectField("initial") { file in file.initial = "nowhere" }
        try expectField("initial") { file in file.initial = "closed" }
    }

    @Test("unknown roles are refused, in actions and in reporting")
    func unknownRoles() throws {
        try expectField("actions[8].roles[1]") { file in
            #expect(file.actions[8].name == "approve_invalidation")
            file.actions[8].roles = ["leader", "mayor"]
        }
        try expectField("reporting_roles[2]") { file in file.reporting_roles[2] = "passer_by" }
    }

    @Test("unknown guards, effects, scopes and units are decoding errors that name their path")
    func decodingErrors() {
        expectTextField("actions[1].guards[0]", replacing: #""guards": ["reason"], "effects": ["mark_verified"]"#,
                        with: #""guards": ["reasons"], "effects": ["mark_verified"]"#)
        expectTextField("actions[2].effects[0]", replacing: #""effects": ["stamp_accepted"]"#, with: #""effects": ["stamp_acepted"]"#)
        expectTextField("actions[0].scope", replacing: #""scope": "jurisdiction""#, with: #""scope": "everywhere""#)
        expectTextField("stages[0].limit.unit", replacing: #""unit": "working_hours""#, with: #""unit": "fortnights""#)
        expectTextField("stages[4].limit", replacing: #""limit": "category""#, with: #""limit": "catalogue""#)
        expectTextField("initial", replacing: #""initial": "reported","#, with: "")
        expectTextField("actions[0].roles", replacing: #""roles": ["intake_operator"]"#, with: #""roles": "intake_operator""#)
        expectTextField(nil, replacing: #""version": 1,"#, with: #""version": 1,,"#)
    }

    @Test("duplicate names are refused at the second one")
    func duplicates() throws {
        try expectField("states[18].name") { file in file.states.append(try Self.state("dispatched")) }
        try expectField("actions[47].name") { file in file.actions.append(try Self.action("close", from: ["checked"], to: "closed")) }
        try expectField("stages[10].name") { file in file.stages.append(file.stages[0]) }
    }

    @Test("unknown stages are refused, on states and among the case's stages")
    func unknownStages() throws {
        try expectField("states[5].stage") { file in
            #expect(file.states[5].name == "dispatched")
            file.states[5].stage = "removal"
        }
        try expectField("case_limit_stages[6]") { file in file.case_limit_stages.append("removal") }
    }

    @Test("other malformed entries are refused, naming the entry")
    func otherRefusals() throws {
        try expectField("version") { file in file.version = 2 }
        try expectField("actions[0].name") { file in file.actions[0].name = "report" }
        try expectField("actions[0].name") { file in file.actions[0].name = "" }
        for name in ["", "$stay", "*open"] {
            try expectField("states[18].name") { file in file.states.append(try Self.state(name)) }
        }
        try expectField("stages[1].limit") { file in file.stages[1].limit.amount = -2 }
        try expectField("stages[1].limit") { file in file.stages[1].limit.amount = 0 }
        // JSON cannot hold an infinite amount; a file built in code is checked all the same.
        var infinite = try Self.shipped()
        infinite.stages[1].limit.amount = .infinity
        expectRefusal(.invalid, code: "invalid_workflow", field: "stages[1].limit") { () throws(DomainError) in try infinite.definition() }
        try expectField("settings") { file in file.reopen_window_days = -1 }
        try expectField("settings") { file in file.arrival_minutes = 0 }
        try expectField("settings") { file in file.duplicate_radius_metres = -1 }
        try expectField("settings") { file in file.duplicate_window_hours = -0.5 }
        // And above their ranges (see `settingsRanges`).
        try expectField("settings") { file in file.reopen_window_days = 366 }
        try expectField("settings") { file in file.arrival_minutes = 1441 }
        try expectField("settings") { file in file.duplicate_radius_metres = 10_000.5 }
        try expectField("settings") { file in file.duplicate_window_hours = 8760.5 }
        // A workflow where no case could ever end.
        let endless = """
        {"version": 1, "initial": "a", "reporting_roles": [], "reopen_window_days": 7, "case_limit_stages": [], "arrival_minutes": 30,
         "duplicate_radius_metres": 50, "duplicate_window_hours": 72, "stages": [],
         "states": [{"name": "a", "label_zh": "a", "label_en": "a"}, {"name": "b", "label_zh": "b", "label_en": "b"}],
         "actions": [{"name": "ab", "label_zh": "ab", "label_en": "ab", "from": ["a"], "to": "b", "roles": ["leader"], "scope": "any"},
                     {"name": "ba", "label_zh": "ba", "label_en": "ba", "from": ["b"], "to": "a", "roles": ["leader"], "scope": "any"}]}
        """
        expectRefusal(.invalid, code: "invalid_workflow", field: "states") { () throws(DomainError) in
            try File.decode(json: Data(endless.utf8))
        }
    }

    // MARK: - A city changes its workflow

    /// The shipped workflow with a pre-check (预核查) between disposal and the on-site check, with its
    /// own two-hour stage and its own action, and extensions approved by a leader instead of a dispatcher.
    static func cityFile() throws -> File {
        var file = try shipped()
        file.stages.append(try decode(File.StageEntry.self,
                                      #"{"name": "pre_check", "label_zh": "预核查", "label_en": "Pre-check", "limit": {"amount": 2, "unit": "working_hours"}}"#))
        let disposed = try #require(file.states.firstIndex { $0.name == "disposed" })
        file.states.insert(try state("pre_check", stage: "pre_check"), at: disposed + 1)
        let check = try #require(file.actions.firstIndex { $0.name == "check" })
        file.actions[check].from = ["pre_check"]
        let fail = try #require(file.actions.firstIndex { $0.name == "check_fail" })
        file.actions[fail].from = ["disposed", "pre_check"]
        file.actions.insert(try action("pass_pre_check", from: ["disposed"], to: "pre_check", roles: ["inspector"], guards: [.evidence]), at: check)
        let approve = try #require(file.actions.firstIndex { $0.name == "approve_extension" })
        file.actions[approve].roles = ["leader"]
        return file
    }

    @Test("a city adds a stage and changes who approves: it loads and works through the machine")
    func cityAddsAStage() throws {
        let (definition, _) = try File.decode(json: Self.cityFile().encoded())
        #expect(definition.states["pre_check"]?.stage == "pre_check")
        #expect(definition.stages["pre_check"]?.limit == .fixed(TimeLimit(amount: 2, unit: .workingHours)))
        #expect(definition.actions(from: .disposed).prefix(2) == ["pass_pre_check", .checkFail])
        // The new state is open: supervision and the clock reach it.
        #expect(definition.actions[.warn]?.from.contains("pre_check") == true && definition.actions[.escalate]?.from.contains("pre_check") == true)
        let machine = WorkflowMachine(environment: Kit.environment(definition: definition))
        #expect(Kit.path(to: .checked, in: definition) == [.accept, .file, .dispatch, .dispose, "pass_pre_check", .check])
        let (disposed, at) = try Kit.bring(to: .disposed, machine: machine)
        // The old way from disposed to checked is closed.
        expectRefusal(.conflict, code: "invalid_transition", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.check), to: disposed, by: Fixture.inspector, at: at.addingTimeInterval(600))
        }
        expectRefusal(.forbidden, code: "role_not_allowed", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand("pass_pre_check", note: "looked"), to: disposed, by: Fixture.dispatcher, at: at.addingTimeInterval(600))
        }
        expectRefusal(.invalid, code: "invalid_field", field: "attachments") { () throws(DomainError) in
            try machine.apply(WorkflowCommand("pass_pre_check"), to: disposed, by: Fixture.inspector, at: at.addingTimeInterval(600))
        }
        let preAt = cst("2026-11-30T11:30:00")
        let pre = try machine.apply(WorkflowCommand("pass_pre_check", note: "looks fixed"), to: disposed, by: Fixture.inspector, at: preAt)
        #expect(pre.next.state == "pre_check" && pre.event.fromState == .disposed && pre.event.toState == "pre_check")
        #expect(pre.event.action == "pass_pre_check" && pre.next.version == disposed.version + 1)
        // Its own clock: two working hours from 11:30, across lunch: 15:00; yellow from 14:36.
        #expect(pre.next.stage == "pre_check" && pre.next.stageStartedAt == preAt)
        #expect(pre.next.stageDeadlineAt == cst("2026-11-30T15:00:00") && pre.next.warnAt == cst("2026-11-30T14:36:00"))
        // A failed check from the new state is rework as before.
        #expect(try machine.apply(WorkflowCommand(.checkFail, note: "not fixed"), to: pre.next, by: Fixture.inspector, at: preAt).next.reworkCount == 1)
        let checked = try machine.apply(WorkflowCommand(.check), to: pre.next, by: Fixture.inspector, at: cst("2026-11-30T14:00:00")).next
        #expect(checked.state == .checked && checked.stage == "closing")
        let closed = try machine.apply(WorkflowCommand(.close), to: checked, by: Fixture.shiftLeader, at: cst("2026-11-30T14:10:00")).next
        #expect(closed.state == .closed && closed.version == 8)
        // Extensions are now approved by a leader, not a dispatcher.
        let (requested, requestedAt) = try Kit.bring(to: "extension_requested", machine: machine)
        expectRefusal(.forbidden, code: "role_not_allowed", field: "action") { () throws(DomainError) in
            try machine.apply(WorkflowCommand(.approveExtension), to: requested, by: Fixture.dispatcher, at: requestedAt)
        }
        #expect(try machine.apply(WorkflowCommand(.approveExtension), to: requested, by: Fixture.leader, at: requestedAt).next.extensionCount == 1)
    }

    // MARK: - Limits, effects and clocks

    @Test("a stage limit may not exceed a year in its unit: 8,760 hours or 365 working days")
    func stageLimitMaximum() throws {
        #expect(try Self.shipped().stages[1].limit.unit == .workingHours)
        try expectField("stages[1].limit") { file in file.stages[1].limit.amount = 8760.5 }
        try expectField("stages[1].limit") { file in file.stages[1].limit.amount = 100_000 }
        try expectField("stages[1].limit") { file in file.stages[1].limit.amount = .greatestFiniteMagnitude }
        try expectField("stages[1].limit") { file in
            file.stages[1].limit.unit = .workingDays
            file.stages[1].limit.amount = 366
        }
        try expectField("stages[1].limit") { file in
            file.stages[1].limit.unit = .calendarHours
            file.stages[1].limit.amount = 8761
        }
        // NaN is neither positive nor at most a year.
        var nan = try Self.shipped()
        nan.stages[1].limit.amount = .nan
        expectRefusal(.invalid, code: "invalid_workflow", field: "stages[1].limit") { () throws(DomainError) in try nan.definition() }
        // The limits themselves are accepted.
        for (amount, unit) in [(8760.0, TimeLimit.Unit.workingHours), (365, .workingDays), (8760, .calendarHours), (0.01, .workingHours)] {
            var file = try Self.shipped()
            file.stages[1].limit.amount = amount
            file.stages[1].limit.unit = unit
            #expect(try file.definition().stages["verification"]?.limit == .fixed(TimeLimit(amount: amount, unit: unit)), "\(amount) \(unit)")
        }
    }

    @Test("the settings have ranges: reopening 0-365 days, arrival 1-1440 minutes, duplicates 0-10000 m and 0-8760 h")
    func settingsRanges() throws {
        var low = try Self.shipped()
        low.reopen_window_days = 0
        low.arrival_minutes = 1
        low.duplicate_radius_metres = 0
        low.duplicate_window_hours = 0
        let lowest = try low.definition()
        #expect(lowest.reopenWindowDays == 0 && lowest.arrivalMinutes == 1 && lowest.duplicateRadiusMetres == 0 && lowest.duplicateWindowHours == 0)
        var high = try Self.shipped()
        high.reopen_window_days = 365
        high.arrival_minutes = 1440
        high.duplicate_radius_metres = 10_000
        high.duplicate_window_hours = 8760
        let highest = try high.definition()
        #expect(highest.reopenWindowDays == 365 && highest.arrivalMinutes == 1440)
        #expect(highest.duplicateRadiusMetres == 10_000 && highest.duplicateWindowHours == 8760)
        try expectField("settings") { file in file.reopen_window_days = .max }
        try expectField("settings") { file in file.arrival_minutes = -5 }
        // JSON cannot hold these; a file built in code is checked all the same.
        for change in [{ (file: inout File) in file.duplicate_radius_metres = .infinity }, { $0.duplicate_window_hours = .nan },
                       { $0.duplicate_radius_metres = .nan }, { $0.duplicate_window_hours = -.infinity }] {
            var file = try Self.shipped()
            change(&file)
            expectRefusal(.invalid, code: "invalid_workflow", field: "settings") { () throws(DomainError) in try file.definition() }
        }
    }

    @Test("an effect that reads the command needs the guard that checks it")
    func effectNeedsGuard() throws {
        let pairs: [(Int, String, WorkflowGuard)] = [(10, "request_extension", .hours), (34, "merge", .parent), (30, "summon", .departments),
                                                    (33, "rate_subtask", .rating), (36, "visit", .satisfaction)]
        for (i, name, rule) in pairs {
            try expectField("actions[\(i)].guards") { file in
                #expect(file.actions[i].name == name)
                file.actions[i].guards?.removeAll { $0 == rule }
            }
        }
        // Other guards do not stand in for it; the guard alone, without the effect, is fine.
        try expectField("actions[10].guards") { file in file.actions[10].guards = [.reason, .evidence] }
        try expectField("actions[47].guards") { file in
            file.actions.append(try Self.action("split", from: ["dispatched"], to: "$stay", guards: [.reason], effects: [.createSubtasks]))
        }
        var file = try Self.shipped()
        file.actions.append(try Self.action("ask_hours", from: ["dispatched"], to: "$stay", guards: [.hours, .parent, .rating]))
        #expect(try file.definition().actions["ask_hours"]?.guards == [.hours, .parent, .rating])
        // Effects that read nothing need no guard.
        file.actions.append(try Self.action("stamp", from: ["dispatched"], to: "$stay", effects: [.countSupervision, .alertWarn, .unpark]))
        #expect(try file.definition().actions["stamp"]?.guards == [])
    }

    @Test("an action from a terminal state may only record visits, reopen and rate")
    func terminalEffects() throws {
        try expectField("actions[47].effects") { file in
            file.actions.append(try Self.action("restamp", from: ["closed"], to: "$stay", effects: [.stampClosed]))
        }
        try expectField("actions[47].effects") { file in
            file.actions.append(try Self.action("nag", from: ["dispatched", "rejected"], to: "$stay", guards: [.reason], effects: [.countSupervision]))
        }
        // The shipped return visit may not count a supervision too.
        try expectField("actions[36].effects") { file in
            #expect(file.actions[36].name == "visit")
            file.actions[36].effects?.append(.countSupervision)
        }
        // Warning a closed case is refused too.
        try expectField("actions[42].effects") { file in
            #expect(file.actions[42].name == "escalate")
            file.actions[42].from.append("closed")
        }
        // The three effects allowed, from every terminal state, with their guards.
        var file = try Self.shipped()
        file.actions.append(try Self.action("late_answers", from: ["closed", "rejected", "invalidated"], to: "$stay",
                                            guards: [.satisfaction, .reopenWindow, .rating], effects: [.recordVisit, .spawnReopened, .subtaskRated]))
        #expect(try file.definition().actions["late_answers"]?.effects == [.recordVisit, .spawnReopened, .subtaskRated])
    }

    @Test("terminal and parked states run no clock stage")
    func stagelessStates() throws {
        try expectField("states[14].stage") { file in
            #expect(file.states[14].name == "closed")
            file.states[14].stage = "closing"
        }
        try expectField("states[13].stage") { file in
            #expect(file.states[13].name == "merged")
            file.states[13].stage = "intake"
        }
        try expectField("states[18].stage") { file in
            file.states.append(try Self.state("shelved", parked: true, stage: "check"))
            file.actions.append(try Self.action("shelve", from: ["dispatched"], to: "shelved"))
            file.actions.append(try Self.action("unshelve", from: ["shelved"], to: "$previous"))
        }
    }

    @Test("every state with a clock can be warned and escalated by the system")
    func clockedStatesAreWatched() throws {
        // Without the warning, the first state with a stage, `reported`, is the one named.
        try expectField("states[0]") { file in file.actions.removeAll { $0.name == "warn" } }
        try expectField("states[0]") { file in
            #expect(file.actions[42].name == "escalate")
            file.actions[42].effects = [.countSupervision]
        }
        // Only the system's actions count.
        try expectField("states[0]") { file in
            #expect(file.actions[41].name == "warn")
            file.actions[41].roles = ["leader"]
        }
        // A state with a stage that the escalation does not leave.
        let watched = WorkflowTestKit.openStates.map(\.rawValue).sorted()
        try expectField("states[18]") { file in
            file.states.append(try Self.state("waiting", stage: "check"))
            file.actions.append(try Self.action("wait", from: ["disposed"], to: "waiting"))
            file.actions.append(try Self.action("stop_waiting", from: ["waiting"], to: "disposed"))
            file.actions[42].from = watched
        }
        // A stage-less state needs neither; a state watched by the city's own system actions is fine.
        var file = try Self.shipped()
        file.states.append(try Self.state("parked_here", parked: true))
        file.states.append(try Self.state("waiting", stage: "check"))
        file.actions.append(try Self.action("wait", from: ["disposed"], to: "waiting"))
        file.actions.append(try Self.action("stop_waiting", from: ["waiting"], to: "disposed"))
        file.actions.append(try Self.action("park_here", from: ["disposed"], to: "parked_here"))
        file.actions.append(try Self.action("unpark_here", from: ["parked_here"], to: "$previous"))
        file.actions[41].from = watched
        file.actions[42].from = watched
        file.actions.append(try Self.action("watch_waiting", from: ["waiting"], to: "$stay", roles: ["system", "leader"],
                                            effects: [.alertWarn, .alertEscalate]))
        let definition = try file.definition()
        #expect(definition.actions["watch_waiting"]?.effects == [.alertWarn, .alertEscalate])
        #expect(definition.actions[.warn]?.from.contains("waiting") == false)
    }

}
