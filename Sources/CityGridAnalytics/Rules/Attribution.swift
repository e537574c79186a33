/// Which of a case's subjects an indicator counts it for (`by …` in a rule file): the case's own
/// region or body (the default for those classes), its reporter, whoever left a stage last (`by
/// dispatch`) or first (`by first dispatch`: the dispatcher whose dispatch was returned), or the
/// inspectors whose jurisdiction holds the case's grid (`by grid`).
public enum Attribution: Hashable, Sendable {
    case own
    case reporter
    case stage(String)
    case firstStage(String)
    case gridInspectors

    init?(words: String, stages: [String]) {
        let parts = words.split(separator: " ").map(String.init)
        switch (parts.count, parts.first) {
        case (1, "reporter"): self = .reporter
        case (1, "grid"): self = .gridInspectors
        case (1, _) where stages.contains(parts[0]): self = .stage(parts[0])
        case (2, "first") where stages.contains(parts[1]): self = .firstStage(parts[1])
        default: return nil
        }
    }
}
