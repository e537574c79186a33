import Synchronization

/// A value shared by the tasks of a test.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }

    var get: Value { value.withLock { $0 } }

    func update<T>(_ body: (inout Value) -> T) -> T { value.withLock { body(&$0) } }
}
