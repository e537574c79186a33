import Foundation

/// The incentive rules as a file (JSON), like the other rule files a city edits: parsing validates it
/// whole and names the first offending entry.
///
/// ```json
/// {"version": 1, "utc_offset_hours": 8,
///  "rules": [{"reason": "report_filed", "points": 5, "daily_cap": 50}, {"reason": "invalid_report", "points": -5}],
///  "invalid_actions": ["reject"], "spam_keywords": ["spam", "恶意"],
///  "anti_gaming": {"burst_max_awards": 10, "burst_window_minutes": 60, "pairing_min_cases": 3, "pairing_window_days": 30, "self_dealing": true}}
/// ```
public struct PointsRulesFile: Codable, Sendable {
    public struct RuleEntry: Codable, Sendable {
        public var reason: String
        public var points: Int
        public var daily_cap: Int?
    }

    public struct AntiGamingEntry: Codable, Sendable {
        public var burst_max_awards: Int
        public var burst_window_minutes: Int
        public var pairing_min_cases: Int
        public var pairing_window_days: Int
        public var self_dealing: Bool
    }

    public var version: Int
    public var utc_offset_hours: Int?
    public var rules: [RuleEntry]
    public var invalid_actions: [String]?
    public var spam_keywords: [String]?
    public var anti_gaming: AntiGamingEntry?

    /// Parses and validates a rules file.
    public static func parse(_ data: Data) throws(DomainError) -> PointsRules {
        let file: PointsRulesFile
        do { file = try JSONDecoder().decode(PointsRulesFile.self, from: data) } catch {
            throw DomainError(.invalid, code: "invalid_points_rules", field: JSONErrorPath.path(of: error),
                              zh: "积分规则文件格式错误", en: "The points rules are not valid JSON of the expected shape: \(JSONErrorPath.explain(error))")
        }
        return try file.validated()
    }

    func validated() throws(DomainError) -> PointsRules {
        func fail(_ field: String, _ zh: String, _ en: String) -> DomainError {
            DomainError(.invalid, code: "invalid_points_rules", field: field, zh: "积分规则：\(zh)", en: "Points rules: \(en)")
        }
        guard version == 1 else { throw fail("version", "仅支持版本1", "only version 1 is supported") }
        let offset = utc_offset_hours ?? 8
        guard (-12...14).contains(offset) else { throw fail("utc_offset_hours", "时区须在 -12 到 14 之间", "utc_offset_hours must be from -12 to 14") }
        var parsed: [PointsRules.Rule] = []
        for (i, entry) in rules.enumerated() {
            guard let reason = PointsReason(rawValue: entry.reason), PointsReason.ruled.contains(reason) else {
                throw fail("rules[\(i)].reason", "未知事由 \(entry.reason)",
                           "unknown reason \(entry.reason); reasons are \(PointsReason.ruled.map(\.rawValue).joined(separator: ", "))")
            }
            guard !parsed.contains(where: { $0.reason == reason }) else { throw fail("rules[\(i)].reason", "事由重复：\(entry.reason)", "\(entry.reason) is listed twice") }
            if reason.isDeduction {
                guard (-10_000...(-1)).contains(entry.points) else { throw fail("rules[\(i)].points", "扣分须为 -10000 到 -1", "a deduction's points must be from -10000 to -1") }
                guard entry.daily_cap == nil else { throw fail("rules[\(i)].daily_cap", "扣分没有每日上限", "a deduction has no daily cap") }
            } else {
                guard (1...10_000).contains(entry.points) else { throw fail("rules[\(i)].points", "奖励分须为 1 到 10000", "an award's points must be from 1 to 10000") }
                if let cap = entry.daily_cap, cap < 1 { throw fail("rules[\(i)].daily_cap", "每日上限须为正数", "a daily cap must be positive") }
            }
            parsed.append(PointsRules.Rule(reason: reason, points: entry.points, dailyCap: entry.daily_cap))
        }
        var actions: [WorkflowAction] = []
        for (i, text) in (invalid_actions ?? ["reject"]).enumerated() {
            guard !text.isEmpty else { throw fail("invalid_actions[\(i)]", "动作名为空", "an action name is empty") }
            actions.append(WorkflowAction(rawValue: text))
        }
        var antiGaming = AntiGaming()
        if let a = anti_gaming {
            guard a.burst_max_awards >= 1 else { throw fail("anti_gaming.burst_max_awards", "须为正数", "must be positive") }
            guard a.burst_window_minutes >= 1 else { throw fail("anti_gaming.burst_window_minutes", "须为正数", "must be positive") }
            guard a.pairing_min_cases >= 2 else { throw fail("anti_gaming.pairing_min_cases", "须至少为2", "must be at least 2") }
            guard a.pairing_window_days >= 1 else { throw fail("anti_gaming.pairing_window_days", "须为正数", "must be positive") }
            antiGaming = AntiGaming(burstMaxAwards: a.burst_max_awards, burstWindow: TimeInterval(a.burst_window_minutes * 60),
                                    pairingMinCases: a.pairing_min_cases, pairingWindow: TimeInterval(a.pairing_window_days * 86_400),
                                    selfDealing: a.self_dealing)
        }
        return PointsRules(rules: parsed, utcOffsetHours: offset, invalidActions: actions, spamKeywords: spam_keywords ?? [], antiGaming: antiGaming)
    }
}

extension PointsRules {
    /// The shipped rules.
    public static let standardJSON = #"""
{
  "version": 1,
  "utc_offset_hours": 8,
  "rules": [
    {"reason": "report_filed", "points": 5, "daily_cap": 50},
    {"reason": "first_report", "points": 10, "daily_cap": 50},
    {"reason": "claimed_fix_confirmed", "points": 20, "daily_cap": 100},
    {"reason": "suggestion_adopted", "points": 50, "daily_cap": 200},
    {"reason": "invalid_report", "points": -5},
    {"reason": "spam_report", "points": -20}
  ],
  "invalid_actions": ["reject"],
  "spam_keywords": ["spam", "恶意", "骚扰", "虚假", "广告"],
  "anti_gaming": {"burst_max_awards": 10, "burst_window_minutes": 60, "pairing_min_cases": 3, "pairing_window_days": 30, "self_dealing": true}
}
"""#

    public static let standard: PointsRules = {
        do { return try PointsRulesFile.parse(Data(standardJSON.utf8)) } catch { preconditionFailure("the shipped points rules are invalid: \(error)") }
    }()

    /// The rules as a file.
    public var file: PointsRulesFile {
        PointsRulesFile(version: 1, utc_offset_hours: utcOffsetHours,
                        rules: rules.values.sorted { $0.reason < $1.reason }.map { .init(reason: $0.reason.rawValue, points: $0.points, daily_cap: $0.dailyCap) },
                        invalid_actions: invalidActions.map(\.rawValue), spam_keywords: spamKeywords,
                        anti_gaming: .init(burst_max_awards: antiGaming.burstMaxAwards, burst_window_minutes: Int(antiGaming.burstWindow / 60),
                                           pairing_min_cases: antiGaming.pairingMinCases, pairing_window_days: Int(antiGaming.pairingWindow / 86_400),
                                           self_dealing: antiGaming.selfDealing))
    }
}
