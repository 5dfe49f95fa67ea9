import Dispatch

/// Runs CPU-heavy work (a whole simulated audience) on a Dispatch thread: Swift Testing runs suites
/// on the two cooperative threads of this machine, and a long synchronous simulation there starves
/// every other suite's tasks (a write buffer's 50 ms timer waited seconds).
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
