import Foundation
import Simulator
import Synchronization

/// Progress of a simulation: a bar on a terminal, a plain line every few seconds otherwise.
final class Progress: Sendable {
    private struct State {
        var sent = 0
        var failed = 0
        var simulatedTime = 0.0
        var lastPrint = 0.0
    }

    private let state = Mutex(State())
    private let started = Date().timeIntervalSince1970
    private let start: Double
    private let end: Double
    private let total: Int
    private let usersPerBucket: [Int64: Int]
    private let interactive: Bool
    private let label: String
    private let quiet: Bool

    init(run: Audience.Run, interactive: Bool, label: String = "", quiet: Bool = false) {
        self.label = label.isEmpty ? "" : label + ": "
        self.quiet = quiet
        start = Double(run.truth.settings.start)
        end = start + Double(run.truth.settings.duration)
        total = run.beacons.count
        usersPerBucket = Dictionary(run.truth.buckets.map { ($0.start, $0.users) }, uniquingKeysWith: { a, _ in a })
        self.interactive = interactive
    }

    func sent(_ count: Int, ok: Bool) {
        state.withLock { ok ? ($0.sent += count) : ($0.failed += count) }
    }

    func tick(simulatedTime: Double) {
        let now = Date().timeIntervalSince1970
        let line: String? = state.withLock { state in
            state.simulatedTime = max(state.simulatedTime, simulatedTime)
            guard now - state.lastPrint >= (interactive ? 0.25 : 5) else { return nil }
            state.lastPrint = now
            return render(state, now: now)
        }
        if let line, !quiet { write(line) }
    }

    func finish() {
        guard !quiet else { return }
        let line = state.withLock { render($0, now: Date().timeIntervalSince1970) }
        write(line)
        if interactive { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }

    private func render(_ state: State, now: Double) -> String {
        let elapsed = max(0, state.simulatedTime - start)
        let viewersNow = usersPerBucket[Int64((state.simulatedTime / 10).rounded(.down)) * 10 - 10] ?? 0
        let rate = Double(state.sent) / max(0.001, now - started)
        let fraction = min(1, elapsed / max(1, end - start))
        let bar = String(repeating: "█", count: Int(fraction * 20)) + String(repeating: "·", count: 20 - Int(fraction * 20))
        return "\(label)\(interactive ? bar + " " : "")simulated \(Self.clock(elapsed)) of \(Self.clock(end - start)) · viewers now \(viewersNow) · "
            + "\(state.sent)/\(total) beacons · \(Int(rate)) beacons/s · errors \(state.failed)"
    }

    private func write(_ line: String) {
        FileHandle.standardOutput.write(Data((interactive ? "\r\u{1B}[2K" + line : line + "\n").utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds)
        return String(format: "%02d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
    }
}
