/// An account whose players send beacons and whose admins read reports.
///
/// The secrets sign and verify sessions: whoever holds the admin secret can read every report of
/// the partner, so they are printed once when made and never logged.
public struct Partner: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var adminSecret: String
    public var userSecret: String
    /// Seconds since 1970.
    public var createdAt: Int64

    public init(id: Int, name: String, adminSecret: String, userSecret: String, createdAt: Int64) {
        self.id = id
        self.name = name
        self.adminSecret = adminSecret
        self.userSecret = userSecret
        self.createdAt = createdAt
    }
}

/// Which of a partner's two secrets.
public enum SecretKind: String, Sendable {
    case admin
    case user
}

/// Partners and ended sessions, kept next to the beacons so that one data folder is one deployment.
public protocol PartnerStore: Sendable {
    /// Adds a partner. With `id == nil` the store picks the next free id.
    func addPartner(id: Int?, name: String, adminSecret: String, userSecret: String, createdAt: Int64) async throws -> Partner
    func partner(id: Int) async throws -> Partner?
    func partners() async throws -> [Partner]
    /// Replaces one secret; returns the updated partner, or nil when there is no such partner.
    func replaceSecret(partnerId: Int, kind: SecretKind, with secret: String) async throws -> Partner?
    /// Remembers that a session was ended, until it would have expired anyway.
    func endSession(_ sessionHash: String, partnerId: Int, expiresAt: Int64) async throws
    func isSessionEnded(_ sessionHash: String) async throws -> Bool
}

/// Adding a partner with an id that is taken.
public struct PartnerExists: Error, CustomStringConvertible {
    public var id: Int
    public init(id: Int) { self.id = id }
    public var description: String { "partner \(id) already exists" }
}
