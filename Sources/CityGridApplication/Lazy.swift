import Synchronization

/// A value built on first use and kept (延迟构建), shared by copies of the holder; two first uses at
/// once build it once (the second waits for the lock).
final class Lazy<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    /// The value when it was built already.
    func peek() -> Value? { value.withLock { $0 } }

    func get(_ build: () throws -> Value) rethrows -> Value {
        try value.withLock { stored in
            if let stored { return stored }
            let built = try build()
            stored = built
            return built
        }
    }
}
