import Foundation

/// A condition on a case's facts, in disjunctive normal form: `closed | overdue`, `filed + !invalidated`
/// (`+` is and, `!` is not, `|` is or; `+` binds tighter). `all` matches every case.
///
/// Each term compiles to two masks over ``FactFlags`` (bits that must be set, bits that must be
/// clear) plus the one fact that depends on the moment of evaluation, `overdue`: dispatched, not
/// disposed, still open and past its disposal deadline.
public struct FactPredicate: Hashable, Sendable, CustomStringConvertible {
    public struct Term: Hashable, Sendable {
        public var need: UInt64
        public var forbid: UInt64
        /// `true`: must be overdue; `false`: must not be; `nil`: either.
        public var overdue: Bool?

        public init(need: UInt64 = 0, forbid: UInt64 = 0, overdue: Bool? = nil) {
            self.need = need
            self.forbid = forbid
            self.overdue = overdue
        }

        /// The conjunction of two terms; `nil` when it can never hold.
        func and(_ other: Term) -> Term? {
            if let a = overdue, let b = other.overdue, a != b { return nil }
            let t = Term(need: need | other.need, forbid: forbid | other.forbid, overdue: overdue ?? other.overdue)
            return t.need & t.forbid == 0 ? t : nil
        }
    }

    public var terms: [Term]
    /// The text it was written as.
    public var text: String

    public static let all = FactPredicate(terms: [Term()], text: "all")

    public init(terms: [Term], text: String) {
        self.terms = terms
        self.text = text
    }

    public var description: String { text }

    /// True when the predicate uses `overdue`, which needs the deadline column and a moment.
    public var usesOverdue: Bool { terms.contains { $0.overdue != nil } }

    /// Both predicates at once.
    public func and(_ other: FactPredicate) -> FactPredicate {
        var out: [Term] = []
        for a in terms { for b in other.terms { if let t = a.and(b), !out.contains(t) { out.append(t) } } }
        return FactPredicate(terms: out, text: other.text == "all" ? text : text == "all" ? other.text : "(\(text)) + (\(other.text))")
    }

    /// Whether a row with these flags matches; `overdue` is the row's overdue fact.
    @inline(__always)
    public func matches(_ flags: UInt64, overdue: Bool) -> Bool {
        for t in terms where flags & t.need == t.need && flags & t.forbid == 0 {
            if let o = t.overdue, o != overdue { continue }
            return true
        }
        return false
    }

    /// Parses the rule-file syntax against the names of the case facts and the stage facts.
    public static func parse(_ text: String, stages: [String]) throws(RuleSetError.Reason) -> FactPredicate {
        var names: [String: UInt64] = Dictionary(uniqueKeysWithValues: FactFlags.named.map { ($0.name, $0.flag.rawValue) })
        /// The bit a negated name forbids: "not on time" does not imply "not done".
        var negation: [String: UInt64] = [:]
        for (i, stage) in stages.enumerated() {
            let done = FactFlags.stageDone(i).rawValue
            names["\(stage)_done"] = done
            names["\(stage)_on_time"] = FactFlags.stageOnTime(i).rawValue | done
            names["\(stage)_first_on_time"] = FactFlags.stageFirstOnTime(i).rawValue | done
            negation["\(stage)_on_time"] = FactFlags.stageOnTime(i).rawValue
            negation["\(stage)_first_on_time"] = FactFlags.stageFirstOnTime(i).rawValue
        }
        var terms: [Term] = []
        for alternative in text.split(separator: "|", omittingEmptySubsequences: false) {
            var term = Term()
            for raw in alternative.split(separator: "+", omittingEmptySubsequences: false) {
                var word = raw.trimmingCharacters(in: .whitespaces)
                let negated = word.hasPrefix("!")
                if negated { word = String(word.dropFirst()).trimmingCharacters(in: .whitespaces) }
                guard !word.isEmpty else { throw .init("empty condition in “\(text)”", zh: "条件“\(text)”中有空项") }
                if word == "all" {
                    guard !negated else { throw .init("!all never holds", zh: "!all 永不成立") }
                    continue
                }
                if word == "overdue" {
                    if let o = term.overdue, o == negated { throw .init("“\(alternative.trimmingCharacters(in: .whitespaces))” asks for overdue and its negation", zh: "条件自相矛盾") }
                    term.overdue = !negated
                    continue
                }
                guard let bits = names[word] else {
                    throw .init("unknown fact “\(word)”; known: all, overdue, \(names.keys.sorted().joined(separator: ", "))",
                                zh: "未知事实“\(word)”")
                }
                if negated {
                    term.forbid |= negation[word] ?? bits
                } else {
                    term.need |= bits
                }
            }
            guard term.need & term.forbid == 0 else {
                throw .init("“\(alternative.trimmingCharacters(in: .whitespaces))” asks for a fact and its negation", zh: "条件自相矛盾")
            }
            terms.append(term)
        }
        return FactPredicate(terms: terms, text: text.trimmingCharacters(in: .whitespaces))
    }
}

