/// One number to accumulate per bucket and subject: how many rows match a predicate, or the sum of a
/// measure over them.
public struct FactTerm: Hashable, Sendable {
    public var predicate: FactPredicate
    public var measure: FactMeasure?

    public init(_ predicate: FactPredicate, measure: FactMeasure? = nil) {
        self.predicate = predicate
        self.measure = measure
    }
}
