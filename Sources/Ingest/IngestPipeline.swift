public import Beacon
import CoreMetrics
import Foundation
import Store

/// Where a request came from, as the HTTP layer saw it.
public struct BeaconSource: Sendable {
    public var userAgent: String?
    public var clientIP: String?
    /// Whether the caller proved an admin credential, which lets batch lines set their own event time and IP.
    public var trusted: Bool
    /// When the credential is one partner's admin session, the trust covers only that partner's lines.
    public var trustedPartner: Int?

    public init(userAgent: String?, clientIP: String?, trusted: Bool = false, trustedPartner: Int? = nil) {
        self.userAgent = userAgent
        self.clientIP = clientIP
        self.trusted = trusted
        self.trustedPartner = trustedPartner
    }
}

/// What became of a batch: how many beacons were accepted, and why each rejected line was rejected.
public struct BatchOutcome: Sendable, Equatable {
    public struct Rejected: Sendable, Equatable, Codable {
        public var line: Int
        public var field: String?
        public var reason: RejectionReason
        public var message: String
    }

    public var accepted: Int
    public var rejected: [Rejected]
}

/// The ingestion pipeline, one named step after another: validate → trusted fields → enrich → buffer.
/// A beacon that fails a step is dropped with a ``RejectionReason`` that is counted.
public struct IngestPipeline: Sendable {
    /// Batch lines may carry these on top of the beacon's own parameters.
    public enum BatchField {
        public static let eventTime = "eventTime"
        public static let clientIP = "clientIp"
        public static let userAgent = "userAgent"
    }

    public let buffer: WriteBuffer
    public let metrics: IngestMetrics
    let userAgents: UserAgentCache
    let now: @Sendable () -> Int64
    /// A backfilled beacon of a day that retention deletes would be stored only to go at the next pass.
    let retentionDays: Int?
    /// Sees every accepted beacon as soon as it is acknowledged, before it is written: the live state.
    let onAccepted: @Sendable ([EnrichedBeacon]) -> Void

    public init(
        buffer: WriteBuffer,
        metrics: IngestMetrics,
        userAgents: UserAgentCache = UserAgentCache(),
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) },
        retentionDays: Int? = nil,
        onAccepted: @escaping @Sendable ([EnrichedBeacon]) -> Void = { _ in }
    ) {
        self.buffer = buffer
        self.metrics = metrics
        self.userAgents = userAgents
        self.now = now
        self.retentionDays = retentionDays
        self.onAccepted = onAccepted
    }

    /// One beacon from a player. Throws the rejection, already counted.
    public func ingest(_ parameters: BeaconParameters, from source: BeaconSource) async throws(BeaconRejection) {
        let row: EnrichedBeacon
        do {
            row = try prepare(parameters, from: source, receivedAt: now(), allowBatchFields: false)
        } catch {
            metrics.rejected(error.reason)
            throw error
        }
        try await store([row])
    }

    /// Beacons already parsed from a batch, each with its line number or the reason it could not be parsed.
    /// Valid lines are accepted even when others are not; only a full buffer refuses the whole batch.
    public func ingest(
        batch lines: [(line: Int, parameters: Result<BeaconParameters, BeaconRejection>)],
        from source: BeaconSource
    ) async throws(BeaconRejection) -> BatchOutcome {
        let receivedAt = now()
        var rows: [EnrichedBeacon] = []
        var rejected: [BatchOutcome.Rejected] = []
        rows.reserveCapacity(lines.count)
        for (line, parsed) in lines {
            do {
                rows.append(try prepare(parsed.get(), from: source, receivedAt: receivedAt, allowBatchFields: true))
            } catch {
                metrics.rejected(error.reason)
                rejected.append(.init(line: line, field: error.field, reason: error.reason, message: error.message))
            }
        }
        try await store(rows)
        return BatchOutcome(accepted: rows.count, rejected: rejected)
    }

    /// Counts a rejection of a whole request, such as a body that is too large.
    public func reject(_ rejection: BeaconRejection) {
        metrics.rejected(rejection.reason)
    }

    private func prepare(
        _ parameters: BeaconParameters,
        from source: BeaconSource,
        receivedAt: Int64,
        allowBatchFields: Bool
    ) throws(BeaconRejection) -> EnrichedBeacon {
        let beacon = try BeaconValidator.validate(parameters)
        var context = ReceiveContext(
            timeMs: receivedAt,
            userAgent: userAgents.info(for: source.userAgent),
            clientIP: source.clientIP
        )
        if allowBatchFields {
            try applyBatchFields(parameters, to: &context, trust: Trust(source, partnerId: beacon.partnerId))
        }
        return Enrichment.enrich(beacon, context: context)
    }

    /// Whether one line may set trusted fields, and why not.
    private enum Trust {
        case trusted
        case untrusted
        case otherPartner(Int)

        init(_ source: BeaconSource, partnerId: Int) {
            switch (source.trusted, source.trustedPartner) {
            case (false, _): self = .untrusted
            case (true, nil): self = .trusted
            case (true, let partner?): self = partner == partnerId ? .trusted : .otherPartner(partner)
            }
        }
    }

    private func applyBatchFields(_ parameters: BeaconParameters, to context: inout ReceiveContext, trust: Trust) throws(BeaconRejection) {
        // A collector relays many players, so a line may name its own User-Agent.
        if let userAgent = parameters[BatchField.userAgent], !userAgent.isEmpty {
            context.userAgent = userAgents.info(for: String(userAgent.prefix(1024)))
        }
        for name in [BatchField.eventTime, BatchField.clientIP] where parameters[name].map({ !$0.isEmpty }) ?? false {
            switch trust {
            case .trusted: break
            case .untrusted:
                throw BeaconRejection(field: name, reason: .untrustedField, message: "\(name): needs an admin credential")
            case .otherPartner(let partner):
                throw BeaconRejection(
                    field: name,
                    reason: .untrustedField,
                    message: "\(name): the admin session is for partner \(partner), not this line's partnerId"
                )
            }
        }
        if let raw = parameters[BatchField.eventTime], !raw.isEmpty {
            context.timeMs = try eventTime(raw)
        }
        if let ip = parameters[BatchField.clientIP], !ip.isEmpty {
            guard ip.utf8.count <= 64 else {
                throw BeaconRejection(field: BatchField.clientIP, reason: .tooLong, message: "clientIp: \(ip.utf8.count) bytes, the limit is 64")
            }
            context.clientIP = ip
        }
    }

    /// Unix seconds, fractional allowed; from 2000-01-01, or the first day retention keeps, up to
    /// five minutes ahead of the server clock.
    private func eventTime(_ raw: String) throws(BeaconRejection) -> Int64 {
        guard let seconds = Double(raw), seconds.isFinite else {
            throw BeaconRejection(
                field: BatchField.eventTime,
                reason: .invalidType,
                message: "eventTime: expected unix seconds, got \(BeaconValidator.quoted(raw))"
            )
        }
        let milliseconds = Int64((seconds * 1000).rounded())
        if let retentionDays {
            let firstKept = BeaconRetentionDay.firstKept(days: retentionDays, nowMs: now())
            guard milliseconds >= firstKept else {
                throw BeaconRejection(
                    field: BatchField.eventTime,
                    reason: .outOfRange,
                    message:
                        "eventTime: \(raw) is before \(BeaconRetentionDay.name(of: firstKept)), the first day the server's retention of \(retentionDays) days keeps"
                )
            }
        }
        let latest = now() + 5 * 60 * 1000
        guard milliseconds >= 946_684_800_000, milliseconds <= latest else {
            throw BeaconRejection(
                field: BatchField.eventTime,
                reason: .outOfRange,
                message: "eventTime: \(raw) is before 2000-01-01 or more than 5 minutes in the future"
            )
        }
        return milliseconds
    }

    private func store(_ rows: [EnrichedBeacon]) async throws(BeaconRejection) {
        guard !rows.isEmpty else { return }
        do {
            try await buffer.append(rows)
        } catch {
            metrics.rejected(.overloaded, count: rows.count)
            throw BeaconRejection(field: nil, reason: .overloaded, message: "the server is writing a backlog; retry shortly")
        }
        metrics.accepted.increment(by: rows.count)
        onAccepted(rows)
    }
}
