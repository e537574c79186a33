import CityGridCore

/// A step as stored: the case after it, and any case it created (a reopening).
public struct StepResult: Sendable {
    public var value: Case
    public var spawned: [Case]

    public init(value: Case, spawned: [Case]) {
        self.value = value
        self.spawned = spawned
    }
}
