import Foundation
import GRDB
public import Store

extension SQLiteStore: PartnerStore {
    /// Partner ids start here, so they look like the partner ids people know from Kaltura.
    static let firstPartnerId = 1001

    public func addPartner(id: Int?, name: String, adminSecret: String, userSecret: String, createdAt: Int64) async throws -> Partner {
        try await pool.write { db in
            let chosen: Int
            if let id {
                guard try Int.fetchOne(db, sql: "SELECT 1 FROM partner WHERE id = ?", arguments: [id]) == nil else {
                    throw PartnerExists(id: id)
                }
                chosen = id
            } else {
                let highest = try Int.fetchOne(db, sql: "SELECT MAX(id) FROM partner") ?? (Self.firstPartnerId - 1)
                chosen = max(highest + 1, Self.firstPartnerId)
            }
            try db.execute(
                sql: "INSERT INTO partner (id, name, admin_secret, user_secret, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [chosen, name, adminSecret, userSecret, createdAt]
            )
            return Partner(id: chosen, name: name, adminSecret: adminSecret, userSecret: userSecret, createdAt: createdAt)
        }
    }

    public func partner(id: Int) async throws -> Partner? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM partner WHERE id = ?", arguments: [id]).map(Self.partner)
        }
    }

    public func partners() async throws -> [Partner] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM partner ORDER BY id").map(Self.partner)
        }
    }

    public func replaceSecret(partnerId: Int, kind: SecretKind, with secret: String) async throws -> Partner? {
        try await pool.write { db in
            let column = kind == .admin ? "admin_secret" : "user_secret"
            try db.execute(sql: "UPDATE partner SET \(column) = ? WHERE id = ?", arguments: [secret, partnerId])
            return try Row.fetchOne(db, sql: "SELECT * FROM partner WHERE id = ?", arguments: [partnerId]).map(Self.partner)
        }
    }

    public func endSession(_ sessionHash: String, partnerId: Int, expiresAt: Int64) async throws {
        let now = Int64(Date().timeIntervalSince1970)
        try await pool.write { db in
            // Sessions past their expiry are rejected anyway, so their records can go.
            try db.execute(sql: "DELETE FROM ended_session WHERE expires_at < ?", arguments: [now])
            try db.execute(
                sql: "INSERT OR REPLACE INTO ended_session (session_hash, partner_id, expires_at) VALUES (?, ?, ?)",
                arguments: [sessionHash, partnerId, expiresAt]
            )
        }
    }

    public func isSessionEnded(_ sessionHash: String) async throws -> Bool {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM ended_session WHERE session_hash = ?", arguments: [sessionHash]) != nil
        }
    }

    private static func partner(_ row: Row) -> Partner {
        Partner(id: row["id"], name: row["name"], adminSecret: row["admin_secret"], userSecret: row["user_secret"], createdAt: row["created_at"])
    }
}
