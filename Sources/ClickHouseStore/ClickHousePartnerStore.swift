import Foundation
public import Store

/// Partners and ended sessions in ClickHouse, so that every server in front of it signs in the same
/// partners. Two servers adding a partner in the same instant could pick the same id: partners are
/// added by an operator, one at a time.
extension ClickHouseStore: PartnerStore {
    /// Partner ids start here, as in the embedded store.
    static let firstPartnerId = 1001

    public func addPartner(id: Int?, name: String, adminSecret: String, userSecret: String, createdAt: Int64) async throws -> Partner {
        let chosen: Int
        if let id {
            guard try await partner(id: id) == nil else { throw PartnerExists(id: id) }
            chosen = id
        } else {
            let highest = try await client.execute("SELECT max(id) FROM partner FORMAT TabSeparated")
            chosen = max((Int(highest.dropLast()) ?? 0) + 1, Self.firstPartnerId)
        }
        let partner = Partner(id: chosen, name: name, adminSecret: adminSecret, userSecret: userSecret, createdAt: createdAt)
        try await write(partner)
        return partner
    }

    public func partner(id: Int) async throws -> Partner? {
        try await partners(where: "id = \(ClickHouseLiteral.integer(id))").first
    }

    public func partners() async throws -> [Partner] {
        try await partners(where: "1")
    }

    public func replaceSecret(partnerId: Int, kind: SecretKind, with secret: String) async throws -> Partner? {
        guard var partner = try await partner(id: partnerId) else { return nil }
        switch kind {
        case .admin: partner.adminSecret = secret
        case .user: partner.userSecret = secret
        }
        try await write(partner)
        return partner
    }

    public func endSession(_ sessionHash: String, partnerId: Int, expiresAt: Int64) async throws {
        try await client.execute(
            "INSERT INTO ended_session (session_hash, partner_id, expires_at) VALUES "
                + "(\(ClickHouseLiteral.string(sessionHash)), \(ClickHouseLiteral.integer(partnerId)), \(ClickHouseLiteral.integer(expiresAt)))"
        )
    }

    public func isSessionEnded(_ sessionHash: String) async throws -> Bool {
        let found = try await client.execute(
            "SELECT count() FROM ended_session WHERE session_hash = \(ClickHouseLiteral.string(sessionHash)) FORMAT TabSeparated"
        )
        return (Int(found.dropLast()) ?? 0) > 0
    }

    private func write(_ partner: Partner) async throws {
        // The version is the time of the change, so the latest change wins on every server.
        let version = UInt64(Date().timeIntervalSince1970 * 1_000_000)
        let values = [
            ClickHouseLiteral.integer(partner.id), ClickHouseLiteral.string(partner.name), ClickHouseLiteral.string(partner.adminSecret),
            ClickHouseLiteral.string(partner.userSecret), ClickHouseLiteral.integer(partner.createdAt), "\(version)",
        ]
        try await client.execute(
            "INSERT INTO partner (id, name, admin_secret, user_secret, created_at, version) VALUES (\(values.joined(separator: ", ")))"
        )
    }

    private func partners(where condition: String) async throws -> [Partner] {
        let text = try await client.execute(
            "SELECT id, name, admin_secret, user_secret, created_at FROM partner FINAL WHERE \(condition) ORDER BY id FORMAT TabSeparated"
        )
        return TabSeparated.rows(text).compactMap { row in
            guard row.count == 5, let id = row[0].flatMap({ Int($0) }), let createdAt = row[4].flatMap({ Int64($0) }) else { return nil }
            return Partner(id: id, name: row[1] ?? "", adminSecret: row[2] ?? "", userSecret: row[3] ?? "", createdAt: createdAt)
        }
    }
}
