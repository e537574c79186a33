import ServiceLifecycle

/// A poll that runs every `interval` and at once when woken (可唤醒轮询): how the change follower and
/// the notice generator follow the change log. Wakes that come while a poll runs fold into one.
public struct WakeablePoll: Sendable {
    public let interval: Duration
    private let wakes: AsyncStream<Void>
    private let waker: AsyncStream<Void>.Continuation

    public init(interval: Duration) {
        self.interval = interval
        (wakes, waker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a poll now rather than at the next interval.
    public func wake() { waker.yield() }

    /// Runs `poll` at once, then every interval and whenever woken, until the task is cancelled or
    /// the service group shuts down. A failed poll goes to `onError`; the next one tries again.
    public func run(_ poll: @escaping @Sendable () async throws -> Void, onError: @escaping @Sendable (any Error) -> Void) async {
        let ticker = Task { [interval, waker] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                waker.yield()
            }
        }
        defer { ticker.cancel() }
        do { try await poll() } catch { onError(error) }
        await cancelWhenGracefulShutdown { [wakes] in
            for await _ in wakes {
                do { try await poll() } catch { onError(error) }
            }
        }
    }
}
