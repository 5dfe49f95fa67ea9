import Crypto
import Foundation
import KalturaAPI
import Store
import Synchronization
import Testing

/// Sessions: issued, verified, and refused when tampered with, expired, ended or foreign.
@Suite struct SessionTests {
    let partners = InMemoryPartnerStore()
    let clock = Clock()

    final class Clock: Sendable {
        let seconds = Mutex<Int64>(1_795_428_000)
        var now: Int64 { seconds.withLock { $0 } }
        func advance(_ by: Int64) { seconds.withLock { $0 += by } }
    }

    func authority() -> SessionAuthority {
        let clock = clock
        return SessionAuthority(partners: partners, now: { clock.now })
    }

    func partner(_ id: Int) async throws -> Partner {
        try await partners.addPartner(id: id, name: "p\(id)", adminSecret: "admin-\(id)", userSecret: "user-\(id)", createdAt: 0)
    }

    @Test func issuedSessionVerifies() async throws {
        let acme = try await partner(1001)
        let ks = authority().issue(partner: acme, type: .admin, userId: "ana@example.com", lifetime: 600, privileges: "disableentitlement")
        let session = try await authority().verify(ks)
        #expect(session.partnerId == 1001)
        #expect(session.type == .admin)
        #expect(session.userId == "ana@example.com")
        #expect(session.privileges == "disableentitlement")
        #expect(session.expiry == clock.now + 600)
    }

    @Test func tamperedSessionIsInvalid() async throws {
        let acme = try await partner(1001)
        _ = try await partner(1002)
        let ks = authority().issue(partner: acme, type: .user, userId: "u", lifetime: 600, privileges: "")
        // Decode, turn the user session into an admin one for another partner, re-encode.
        var text = String(decoding: Data(base64Encoded: padded(ks))!, as: UTF8.self)
        text = text.replacingOccurrences(of: "|1001;1001;", with: "|1002;1002;").replacingOccurrences(of: ";0;", with: ";2;")
        let forged = Data(text.utf8).base64EncodedString()
        await #expect(throws: APIError.invalidKS(forged, .invalidString)) { try await authority().verify(forged) }
        await #expect(throws: APIError.invalidKS("garbage", .invalidString)) { try await authority().verify("garbage") }
    }

    @Test func expiredSessionIsRefused() async throws {
        let ks = authority().issue(partner: try await partner(1001), type: .admin, userId: "", lifetime: 5, privileges: "")
        clock.advance(6)
        await #expect(throws: APIError.invalidKS(ks, .expired)) { try await authority().verify(ks) }
    }

    @Test func endedSessionIsRefused() async throws {
        let ks = authority().issue(partner: try await partner(1001), type: .admin, userId: "", lifetime: 600, privileges: "")
        try await authority().end(try await authority().verify(ks))
        await #expect(throws: APIError.invalidKS(ks, .ended)) { try await authority().verify(ks) }
    }

    @Test func rotatedAdminSecretEndsItsSessions() async throws {
        let ks = authority().issue(partner: try await partner(1001), type: .admin, userId: "", lifetime: 600, privileges: "")
        _ = try await partners.replaceSecret(partnerId: 1001, kind: .admin, with: "new")
        await #expect(throws: APIError.invalidKS(ks, .invalidString)) { try await authority().verify(ks) }
    }

    @Test func unknownPartnerIsRefused() async throws {
        let ghost = Partner(id: 999, name: "", adminSecret: "x", userSecret: "y", createdAt: 0)
        let ks = authority().issue(partner: ghost, type: .admin, userId: "", lifetime: 600, privileges: "")
        await #expect(throws: APIError.invalidKS(ks, .invalidPartner)) { try await authority().verify(ks) }
    }

    /// A KS built the way Kaltura's clients build v1 sessions locally: base64(sha1(secret + info) | info).
    @Test func clientGeneratedV1SessionVerifies() async throws {
        _ = try await partner(1001)
        let info = "1001;1001;\(clock.now + 600);2;1234;ana;"
        let signature = Insecure.SHA1.hash(data: Data(("admin-1001" + info).utf8)).map { String(format: "%02x", $0) }.joined()
        let ks = Data((signature + "|" + info).utf8).base64EncodedString()
        let session = try await authority().verify(ks)
        #expect(session.type == .admin)
        #expect(session.userId == "ana")
        // The user secret cannot sign an admin session.
        let userSigned = Insecure.SHA1.hash(data: Data(("user-1001" + info).utf8)).map { String(format: "%02x", $0) }.joined()
        let forged = Data((userSigned + "|" + info).utf8).base64EncodedString()
        await #expect(throws: APIError.invalidKS(forged, .invalidString)) { try await authority().verify(forged) }
    }

    private func padded(_ text: String) -> String {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return base64
    }
}
