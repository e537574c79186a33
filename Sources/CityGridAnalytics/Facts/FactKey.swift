/// Which column decides a row's subject, and the slot of each of its values.
public enum FactKey: Sendable {
    /// The grid column; `slots[grid]`.
    case grid(slots: [Int32])
    case department(slots: [Int32])
    case reporter(slots: [Int32])
    /// The person who left stage number `index` last, or `first`.
    case stageActor(index: Int, first: Bool, slots: [Int32])
    /// Several subjects per grid (CSR by grid index).
    case gridMany(offsets: [Int32], slots: [Int32])
}
