import Store
import Testing

@testable import ClickHouseStore

/// Partners and ended sessions in ClickHouse: what every server in front of it signs in with.
@Suite(.enabled(if: ClickHouseServer.url != nil, "needs WEBCAST_CLICKHOUSE_URL (scripts/test starts a server)"))
struct ClickHousePartnerStoreTests {
    @Test func partnersAreAddedListedAndTheirSecretsReplaced() async throws {
        let store = try await ClickHouseServer.store()
        let first = try await store.addPartner(id: nil, name: "First 'Org'", adminSecret: "a1", userSecret: "u1", createdAt: 10)
        #expect(first.id == 1001)
        let chosen = try await store.addPartner(id: 4242, name: "Chosen", adminSecret: "a2", userSecret: "u2", createdAt: 11)
        let next = try await store.addPartner(id: nil, name: "Next", adminSecret: "a3", userSecret: "u3", createdAt: 12)
        #expect(next.id == 4243)
        await #expect(throws: PartnerExists.self) {
            try await store.addPartner(id: 4242, name: "Again", adminSecret: "x", userSecret: "y", createdAt: 13)
        }
        #expect(try await store.partners() == [first, chosen, next])

        let rotated = try await store.replaceSecret(partnerId: 4242, kind: .admin, with: "a2-new")
        #expect(rotated?.adminSecret == "a2-new" && rotated?.userSecret == "u2")
        _ = try await store.replaceSecret(partnerId: 4242, kind: .user, with: "u2-new")
        let read = try await store.partner(id: 4242)
        #expect(read == Partner(id: 4242, name: "Chosen", adminSecret: "a2-new", userSecret: "u2-new", createdAt: 11))
        #expect(try await store.partners().count == 3, "a replaced secret is a new version, not a new partner")
        #expect(try await store.replaceSecret(partnerId: 9999, kind: .admin, with: "z") == nil)
        #expect(try await store.partner(id: 9999) == nil)
    }

    @Test func aSecondServerSeesTheSamePartnersAndEndedSessions() async throws {
        let store = try await ClickHouseServer.store()
        let other = try await ClickHouseStore(store.configuration)
        let partner = try await store.addPartner(id: nil, name: "Shared", adminSecret: "s", userSecret: "t", createdAt: 1)
        #expect(try await other.partner(id: partner.id) == partner)
        #expect(try await other.isSessionEnded("hash-1") == false)
        try await store.endSession("hash-1", partnerId: partner.id, expiresAt: 2_000_000_000)
        #expect(try await other.isSessionEnded("hash-1"))
        #expect(try await other.isSessionEnded("hash-2") == false)
    }
}
