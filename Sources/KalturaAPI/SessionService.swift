import Store

/// `session.start`, `session.get` and `session.end`.
struct SessionService {
    let authority: SessionAuthority
    let partners: any PartnerStore

    static let defaultLifetime: Int64 = 86400
    /// Ten years, Kaltura's upper bound for a session's lifetime.
    static let maxLifetime: Int64 = 315_360_000

    func start(_ parameters: Parameters) async throws(APIError) -> APIResult {
        let secret = try parameters.requiredString("secret")
        let partnerText = try parameters.requiredString("partnerId")
        guard let partnerId = Int(partnerText.trimmingSpaces) else { throw .startSessionError(partnerText) }
        let typeValue = try parameters.integer("type") ?? 0
        guard let type = SessionType(rawValue: Int(clamping: typeValue)) else {
            throw .invalidEnumValue(String(typeValue), parameter: "type", type: "KalturaSessionType")
        }
        var lifetime = try parameters.integer("expiry") ?? Self.defaultLifetime
        if lifetime <= 0 { lifetime = Self.defaultLifetime }
        lifetime = min(lifetime, Self.maxLifetime)

        let partner: Partner?
        do {
            partner = try await partners.partner(id: partnerId)
        } catch {
            throw .internalError
        }
        guard let partner else { throw .startSessionError(String(partnerId)) }
        let isAdminSecret = SessionAuthority.constantTimeEqual(secret, partner.adminSecret)
        let isUserSecret = SessionAuthority.constantTimeEqual(secret, partner.userSecret)
        // The user secret may only open user sessions.
        guard isAdminSecret || (isUserSecret && type == .user) else { throw .startSessionError(String(partnerId)) }
        let token = authority.issue(
            partner: partner,
            type: type,
            userId: parameters.string("userId") ?? "",
            lifetime: lifetime,
            privileges: parameters.string("privileges") ?? ""
        )
        return .string(token)
    }

    func get(_ parameters: Parameters, session: Session) async throws(APIError) -> APIResult {
        var shown = session
        if let other = parameters.string("session") {
            shown = try await authority.verify(other)
            // A session may only inspect sessions of its own partner.
            guard shown.partnerId == session.partnerId else { throw .invalidKS(other, .invalidPartner) }
        }
        return .object(
            type: "KalturaSessionInfo",
            properties: [
                .init("relatedObjects", nil),
                .init("ks", .string(shown.token)),
                .init("sessionType", .integer(Int64(shown.type.rawValue))),
                .init("partnerId", .integer(Int64(shown.partnerId))),
                .init("userId", .string(shown.userId)),
                .init("expiry", .integer(shown.expiry)),
                .init("privileges", .string(shown.privileges)),
            ]
        )
    }

    func end(session: Session) async throws(APIError) -> APIResult {
        do {
            try await authority.end(session)
        } catch {
            throw .internalError
        }
        return .void
    }
}
