/// The yes/no facts of a case that indicators count (案件事实), one bit each in the fact table's
/// `flags` column, so that a predicate is two mask tests.
///
/// Bits 0-31 are facts of the case; bits 32-61 hold, for the workflow's stages in definition order
/// (at most 10), whether the stage was passed (`<stage>_done`), whether its last passage left it by
/// its deadline (`<stage>_on_time`) and whether its first one did (`<stage>_first_on_time`). The
/// names are those rule files use.
public struct FactFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let filed = FactFlags(rawValue: 1 << 0)
    public static let dispatched = FactFlags(rawValue: 1 << 1)
    public static let disposed = FactFlags(rawValue: 1 << 2)
    /// Disposed by the effective disposal deadline (extensions and suspensions applied).
    public static let disposedOnTime = FactFlags(rawValue: 1 << 3)
    public static let closed = FactFlags(rawValue: 1 << 4)
    /// Closed by the whole case's deadline.
    public static let closedOnTime = FactFlags(rawValue: 1 << 5)
    /// Failed the on-site check at least once (返工).
    public static let reworked = FactFlags(rawValue: 1 << 6)
    /// Failed the check three times or more.
    public static let reworked3 = FactFlags(rawValue: 1 << 7)
    /// Returned by a body as not theirs (a wrong dispatch).
    public static let returned = FactFlags(rawValue: 1 << 8)
    public static let extended = FactFlags(rawValue: 1 << 9)
    public static let suspended = FactFlags(rawValue: 1 << 10)
    public static let supervised = FactFlags(rawValue: 1 << 11)
    public static let invalidated = FactFlags(rawValue: 1 << 12)
    public static let rejected = FactFlags(rawValue: 1 << 13)
    public static let selfHandled = FactFlags(rawValue: 1 << 14)
    /// Merged into another case as its duplicate.
    public static let merged = FactFlags(rawValue: 1 << 15)
    /// Opened again from a closed case ("not fixed").
    public static let reopening = FactFlags(rawValue: 1 << 16)
    public static let fromInspector = FactFlags(rawValue: 1 << 17)
    /// Reported by the public: the citizen app, the 12345 hotline or Open311.
    public static let fromPublic = FactFlags(rawValue: 1 << 18)
    public static let fromSensor = FactFlags(rawValue: 1 << 19)
    /// The return visit recorded a satisfaction answer.
    public static let answered = FactFlags(rawValue: 1 << 20)
    public static let satisfied = FactFlags(rawValue: 1 << 21)
    public static let basicallySatisfied = FactFlags(rawValue: 1 << 22)
    public static let dissatisfied = FactFlags(rawValue: 1 << 23)
    /// The return visit found the problem solved.
    public static let solved = FactFlags(rawValue: 1 << 24)
    /// A return visit took place (solved or not).
    public static let visited = FactFlags(rawValue: 1 << 25)
    /// Verified on site before intake decided.
    public static let verified = FactFlags(rawValue: 1 << 26)
    /// About a component (部件) rather than an event (事件).
    public static let component = FactFlags(rawValue: 1 << 27)
    /// Not in a terminal state.
    public static let open = FactFlags(rawValue: 1 << 28)
    /// Dispatched more than once (错误派遣 then the right body).
    public static let redispatched = FactFlags(rawValue: 1 << 29)
    public static let accepted = FactFlags(rawValue: 1 << 30)
    /// Open and past the warning point of its stage or of its disposal deadline (预警, the amber
    /// light): the alert the clock last raised, so it changes with the clock's rounds, not with
    /// the moment an evaluation runs. Not a name of rule files.
    public static let warned = FactFlags(rawValue: 1 << 31)

    /// The bit of "stage number `index` was passed".
    public static func stageDone(_ index: Int) -> FactFlags { FactFlags(rawValue: 1 << UInt64(32 + 3 * index)) }
    /// The bit of "stage number `index` was last left by its deadline".
    public static func stageOnTime(_ index: Int) -> FactFlags { FactFlags(rawValue: 1 << UInt64(33 + 3 * index)) }
    /// The bit of "stage number `index` was first left by its deadline".
    public static func stageFirstOnTime(_ index: Int) -> FactFlags { FactFlags(rawValue: 1 << UInt64(34 + 3 * index)) }
    /// How many stages the flags can describe (the standard workflow has nine).
    public static let maxStages = 10

    /// The fact that depends on the moment of evaluation (`overdue`): dispatched, still open, not
    /// disposed and past its disposal deadline (`deadline` and `now` in the fact table's seconds; 0:
    /// no deadline).
    @inline(__always)
    public static func isOverdue(flags: UInt64, deadline: Int32, now: Int32) -> Bool {
        let openDispatched = FactFlags([.open, .dispatched]).rawValue
        return flags & openDispatched == openDispatched && flags & FactFlags.disposed.rawValue == 0 && deadline != 0 && deadline < now
    }

    /// The case facts by the name rule files use.
    public static let named: [(name: String, flag: FactFlags)] = [
        ("filed", .filed), ("dispatched", .dispatched), ("disposed", .disposed), ("disposed_on_time", .disposedOnTime),
        ("closed", .closed), ("closed_on_time", .closedOnTime), ("reworked", .reworked), ("reworked_3", .reworked3),
        ("returned", .returned), ("extended", .extended), ("suspended", .suspended), ("supervised", .supervised),
        ("invalidated", .invalidated), ("rejected", .rejected), ("self_handled", .selfHandled), ("merged", .merged),
        ("reopening", .reopening), ("from_inspector", .fromInspector), ("from_public", .fromPublic), ("from_sensor", .fromSensor),
        ("answered", .answered), ("satisfied", .satisfied), ("basically_satisfied", .basicallySatisfied),
        ("dissatisfied", .dissatisfied), ("solved", .solved), ("visited", .visited), ("verified", .verified),
        ("component", .component), ("open", .open), ("redispatched", .redispatched), ("accepted", .accepted),
    ]
}
