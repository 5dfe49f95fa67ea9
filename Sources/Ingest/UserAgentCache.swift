public import Beacon
import Synchronization

/// Remembers the classification of each distinct User-Agent: an audience has few of them and
/// sends the same one every 10 s.
public final class UserAgentCache: Sendable {
    private let entries = Mutex<[String: UserAgentInfo]>([:])
    private let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    public func info(for userAgent: String?) -> UserAgentInfo {
        guard let userAgent, !userAgent.isEmpty else { return .unknown }
        if let known = entries.withLock({ $0[userAgent] }) { return known }
        let info = UserAgentClassifier.classify(userAgent)
        entries.withLock { cache in
            // Starting over is cheaper than an LRU and only happens under a flood of unique strings.
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[userAgent] = info
        }
        return info
    }
}
