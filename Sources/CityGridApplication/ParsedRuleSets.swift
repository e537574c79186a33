import CityGridAnalytics
import Synchronization

/// Rule sets parsed once per configuration version (解析后的规则集), by the name that chose them (a
/// preset's, or a held file's `file:…`, whose text never changes under its name): the dashboard asks
/// for a rule set's indicators on every page, and parsing the standard set costs more than the page's
/// look-ups. Bounded like the held files.
final class ParsedRuleSets: Sendable {
    private let sets = Mutex<[String: RuleSet]>([:])
    let capacity: Int

    init(capacity: Int = 64) { self.capacity = capacity }

    /// The rule set parsed under `name`, else `parse()`'s, kept.
    func get(_ name: String, _ parse: () throws -> RuleSet) rethrows -> RuleSet {
        if let known = sets.withLock({ $0[name] }) { return known }
        let parsed = try parse()
        sets.withLock { sets in
            if sets.count >= capacity { sets.removeAll() }
            sets[name] = parsed
        }
        return parsed
    }
}
