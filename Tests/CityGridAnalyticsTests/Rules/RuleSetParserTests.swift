import CityGridAnalytics
import CityGridCore
import Testing

@Suite struct RuleSetParserTests {
    static let stages = ["intake", "verification", "filing", "dispatch", "disposal", "check", "closing", "approval", "review"]
    let parser = RuleSetParser(stages: Self.stages)

    @Test(arguments: RuleSetPresets.names) func presetsParse(name: String) throws {
        let rules = try parser.parse(RuleSetPresets.text(name)!, source: name)
        #expect(rules.id == name)
        #expect(!rules.sections.isEmpty)
    }

    @Test func standardHasEverySubjectOfTheReference() throws {
        let rules = try parser.parse(RuleSetPresets.standard, source: "standard")
        for s in [SubjectClass.inspector, .intakeOperator, .shiftLeader, .dispatcher, .department, .district, .subdistrict, .community, .grid] {
            #expect(rules.section(for: s) != nil, "\(s)")
        }
        let department = rules.section(for: .department)!
        #expect(department.indicators.map(\.weight) == [10, 30, 30, 30])
        #expect(department.deductions.map(\.id) == ["rework_3"])
        // Each rule knows the line it was read from.
        let lines = RuleSetPresets.standard.split(separator: "\n", omittingEmptySubsequences: false)
        for rule in department.indicators { #expect(lines[rule.line - 1].contains("indicator \(rule.id) =")) }
        #expect(lines[department.deductions[0].line - 1].contains("deduct rework_3 ="))
        #expect(rules.grade(of: 90) == "A" && rules.grade(of: 89.99) == "B" && rules.grade(of: 39) == "E")
    }

    @Test func threeRatesWeightsAreTenFiftyForty() throws {
        let rules = try parser.parse(RuleSetPresets.threeRates, source: "three-rates")
        #expect(rules.section(for: .department)!.indicators.map(\.weight) == [10, 50, 40])
    }

    /// A mistake and the line it must be reported on.
    static let refusals: [(String, Int, String)] = [
        ("ruleset x\nsubject department\nindicator a = count all\nfrobnicate\n", 4, "unknown statement"),
        ("ruleset x\nindicator a = count all\n", 2, "before any subject"),
        ("ruleset x\nsubject department\nindicator a = rate closd / all\n", 3, "unknown fact “closd”"),
        ("ruleset x\nsubject department\nindicator a = count all ; weight 10\n", 3, "has a weight but no score"),
        ("ruleset x\ngrades A 90 B 95 E\nsubject department\nindicator a = count all\n", 2, "must start below"),
        ("ruleset x\nsubject department\nindicator a = count all\nindicator a = count closed\n", 4, "defined twice"),
        ("subject department\nindicator a = count all\n", 1, "no ruleset line"),
        ("ruleset x\nsubject department\nindicator a = count all ; table 0:0 0:10\n", 3, "must increase"),
        ("ruleset x\nsubject department\nindicator a = count all ; by filing\n", 3, "by is for people"),
        ("ruleset x\nsubject dispatcher\nindicator a = count all ; by lunch\n", 3, "by takes reporter, grid, a stage"),
        ("ruleset x\nsubject department\nsubject district\nindicator a = count all\n", 2, "has no indicator"),
        ("ruleset x\nsubject department\nindicator a = count all ; label only Chinese\n", 3, "a label is"),
        ("ruleset x\nsubject galaxy\n", 2, "unknown subject"),
        ("ruleset x\nsubject district\nindicator a = count all\nsubject grid district\n", 4, "has a section already"),
        ("ruleset x\nsubject department\nindicator a = mean speed over all\n", 3, "mean needs"),
        ("ruleset x\nsubject department\nindicator a = density filed\n", 3, "density is for regions"),
        ("ruleset x\nsubject district\nindicator a = rate closed + !closed / all\n", 3, "a fact and its negation"),
        ("ruleset x\nsubject district\ndeduct d = 200 per reworked\nindicator a = count all\n", 3, "0 < POINTS"),
        ("ruleset x\nsubject district\nindicator a = rate closed / all ; weight -1\n", 3, "weight must be"),
        ("ruleset x\nsubject\n", 2, "subject needs"),
        ("ruleset x\nsubject district\nindicator a = count all ; weight 1 ; table 0:0 9:100 ; invert\n", 3, "invert and table"),
        ("ruleset x\nsubject any\nindicator a = density filed\n", 3, "density is for regions"),
        ("ruleset x\nsubject district\nindicator a = rate overdue + !overdue / all\n", 3, "overdue and its negation"),
        ("ruleset x\nsubject district\nindicator a = count all ; weight 1 ; table -1e308:0 1e308:100\n", 3, "within ±1e12"),
        ("ruleset x\nsubject dispatcher\nindicator a = count all ; by first lunch\n", 3, "by takes reporter"),
    ]

    @Test(arguments: refusals.indices) func badRuleFilesAreRefusedWithTheLine(index: Int) {
        let (text, line, reason) = Self.refusals[index]
        do {
            _ = try parser.parse(text, source: "my.rules")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.reason.en.contains(reason), "\(error)")
            #expect(error.domainError.field == "rules")
            #expect(error.description.hasPrefix("my.rules:\(line): "))
        }
    }

    @Test func firstPassagesAttributeAndTest() throws {
        let rules = try parser.parse("ruleset x\nsubject dispatcher\nindicator a = rate !returned / dispatch_first_on_time ; by first dispatch\n", source: "x")
        #expect(rules.sections[0].indicators[0].attribution == .firstStage("dispatch"))
        let dispatch = Self.stages.firstIndex(of: "dispatch")!
        let p = try FactPredicate.parse("dispatch_first_on_time", stages: Self.stages)
        #expect(p.matches(FactFlags([.stageFirstOnTime(dispatch), .stageDone(dispatch)]).rawValue, overdue: false))
        #expect(!p.matches(FactFlags([.stageOnTime(dispatch), .stageDone(dispatch)]).rawValue, overdue: false))
    }

    @Test func predicatesCompileToMasks() throws {
        let p = try FactPredicate.parse("filed + !invalidated", stages: Self.stages)
        #expect(p.matches(FactFlags.filed.rawValue, overdue: false))
        #expect(!p.matches(FactFlags([.filed, .invalidated]).rawValue, overdue: false))
        #expect(!p.matches(0, overdue: false))
        let q = try FactPredicate.parse("disposed | overdue", stages: Self.stages)
        #expect(q.matches(FactFlags.disposed.rawValue, overdue: false) && q.matches(0, overdue: true) && !q.matches(0, overdue: false))
        // "on time" implies "done"; "not on time" does not imply "not done".
        let check = Self.stages.firstIndex(of: "check")!
        let onTime = try FactPredicate.parse("check_on_time", stages: Self.stages)
        #expect(!onTime.matches(FactFlags.stageOnTime(check).rawValue, overdue: false))
        #expect(onTime.matches(FactFlags([.stageOnTime(check), .stageDone(check)]).rawValue, overdue: false))
        let late = try FactPredicate.parse("check_done + !check_on_time", stages: Self.stages)
        #expect(late.matches(FactFlags.stageDone(check).rawValue, overdue: false))
        #expect(!late.matches(FactFlags([.stageOnTime(check), .stageDone(check)]).rawValue, overdue: false))
    }

    @Test func scoreTablesInterpolateAndClamp() throws {
        let table = try #require(try parser.parse("ruleset x\nsubject department\nindicator v = count all ; weight 1 ; table 0:0 100:60 300:100\n", source: "x")
            .sections[0].indicators[0].table)
        #expect(table.score(-5) == 0 && table.score(50) == 30 && table.score(200) == 80 && table.score(1000) == 100)
    }
}
