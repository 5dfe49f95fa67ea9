import Crypto
import Foundation
public import Store

/// Kaltura's `KalturaSessionType`.
public enum SessionType: Int, Sendable {
    case user = 0
    case admin = 2
}

/// A verified session (KS): whose it is and what it may do.
public struct Session: Sendable, Equatable {
    public var token: String
    public var partnerId: Int
    public var type: SessionType
    public var userId: String
    /// Unix seconds.
    public var expiry: Int64
    public var privileges: String
}

/// Why a KS is refused, with the codes of Kaltura's kSessionUtils.
public enum SessionRejection: Sendable, Equatable, CustomStringConvertible {
    case invalidString
    case invalidPartner
    case invalidType
    case expired
    case ended

    public var code: Int {
        switch self {
        case .invalidString: -1
        case .invalidPartner: -2
        case .invalidType: -4
        case .expired: -5
        case .ended: -6
        }
    }

    public var description: String {
        switch self {
        case .invalidString: "INVALID_STR"
        case .invalidPartner: "INVALID_PARTNER"
        case .invalidType: "INVALID_TYPE"
        case .expired: "EXPIRED"
        case .ended: "LOGOUT"
        }
    }
}

/// Issues and verifies sessions.
///
/// A KS is `base64url(signature "|" info)` with Kaltura's v1 field layout,
/// `info = partnerId;partnerId;expiry;type;random;userId;privileges`, so tools that decode a v1 KS
/// still read it. Our signature is HMAC-SHA256 keyed with the partner's admin secret, so a rotated
/// secret ends every session at once. A KS that a client built itself with Kaltura's v1 algorithm
/// (`client.generateSession`: SHA-1 of secret + info) is accepted too.
public struct SessionAuthority: Sendable {
    let partners: any PartnerStore
    let now: @Sendable () -> Int64

    public init(partners: any PartnerStore, now: @escaping @Sendable () -> Int64) {
        self.partners = partners
        self.now = now
    }

    public func issue(partner: Partner, type: SessionType, userId: String, lifetime: Int64, privileges: String) -> String {
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        let fields = [
            String(partner.id), String(partner.id), String(now() + lifetime), String(type.rawValue), random,
            Self.sanitized(userId), Self.sanitized(privileges),
        ]
        let info = fields.joined(separator: ";")
        let signature = HMAC<SHA256>.authenticationCode(for: Data(info.utf8), using: SymmetricKey(data: Data(partner.adminSecret.utf8)))
        return Self.base64URL(Data((Self.hex(signature) + "|" + info).utf8))
    }

    public func verify(_ token: String) async throws(APIError) -> Session {
        let trimmed = token.trimmingCharacters(in: .whitespaces)
        guard let decoded = Self.decodeBase64(trimmed), let separator = decoded.firstIndex(of: "|") else {
            throw .invalidKS(token, .invalidString)
        }
        let signature = String(decoded[..<separator])
        let info = String(decoded[decoded.index(after: separator)...])
        let fields = info.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 7, let partnerId = Int(fields[0]), let expiry = Int64(fields[2]), let typeValue = Int(fields[3]) else {
            throw .invalidKS(token, .invalidString)
        }
        let partner: Partner?
        do {
            partner = try await partners.partner(id: partnerId)
        } catch {
            throw .internalError
        }
        guard let partner else { throw .invalidKS(token, .invalidPartner) }
        guard let type = SessionType(rawValue: typeValue) else { throw .invalidKS(token, .invalidType) }
        guard Self.isValid(signature: signature, info: info, partner: partner, type: type) else {
            throw .invalidKS(token, .invalidString)
        }
        guard expiry > now() else { throw .invalidKS(token, .expired) }
        let ended: Bool
        do {
            ended = try await partners.isSessionEnded(Self.hash(trimmed))
        } catch {
            throw .internalError
        }
        guard !ended else { throw .invalidKS(token, .ended) }
        return Session(token: trimmed, partnerId: partnerId, type: type, userId: fields[5], expiry: expiry, privileges: fields[6])
    }

    public func end(_ session: Session) async throws {
        try await partners.endSession(Self.hash(session.token), partnerId: session.partnerId, expiresAt: session.expiry)
    }

    private static func isValid(signature: String, info: String, partner: Partner, type: SessionType) -> Bool {
        let message = Data(info.utf8)
        switch signature.count {
        case 64:
            let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(partner.adminSecret.utf8)))
            return constantTimeEqual(signature.lowercased(), hex(expected))
        case 40:
            // Kaltura's v1: sha1(secret + info); the user secret only signs user sessions.
            var secrets = [partner.adminSecret]
            if type == .user { secrets.append(partner.userSecret) }
            return secrets.contains { secret in
                constantTimeEqual(signature.lowercased(), hex(Insecure.SHA1.hash(data: Data((secret + info).utf8))))
            }
        default:
            return false
        }
    }

    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// Ended sessions are remembered by hash, so the store never holds a usable KS.
    static func hash(_ token: String) -> String { hex(SHA256.hash(data: Data(token.utf8))) }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }
        .joined()
    }

    /// Fields are `;`-separated and the signature is split at the first `|`, so neither may appear inside one.
    static func sanitized(_ text: String) -> String {
        String(text.map { $0 == ";" || $0 == "|" ? "_" : $0 })
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Standard or URL-safe base64, padded or not, as Kaltura's server accepts.
    static func decodeBase64(_ text: String) -> String? {
        var normalized = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        normalized = normalized.replacingOccurrences(of: " ", with: "+")
        while normalized.count % 4 != 0 { normalized += "=" }
        guard let data = Data(base64Encoded: normalized) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
