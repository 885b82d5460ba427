import Hummingbird
import HummingbirdAuth

/// Who may do what on a served twin: its tokens, and whether reads need one too. Without tokens the server is
/// read-only. Checked once per request by ``AccessMiddleware`` (HTTP) and by the WebSocket routes.
public struct ServerAccess: Sendable {
    public var tokens: TokenTable?
    /// Whether reads (state, history, set-points, metrics, the stream) need a token; health checks never do.
    public var protectsReads: Bool

    public init(tokens: TokenTable?, protectsReads: Bool = false) {
        self.tokens = tokens
        self.protectsReads = protectsReads
    }

    /// The identity of the bearer token in `headers`, nil without one (or on a read-only server); 401 for a token
    /// the server does not know.
    func identity(in headers: HTTPFields) throws -> AccessIdentity? {
        guard let tokens, let bearer = headers.bearer else { return nil }
        guard let identity = tokens.identity(presenting: bearer.token) else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "the token is not valid")
        }
        return identity
    }

    /// Checks that `identity` may do what `scope` covers: 403 on a read-only server, 401 without a token, 403 for a
    /// token without the scope.
    func authorize(_ identity: AccessIdentity?, for scope: AccessScope) throws {
        if scope == .read && !protectsReads { return }
        guard tokens != nil else {
            throw HTTPError(.forbidden, message: "this server is read-only: start it with --tokens FILE to accept writes")
        }
        guard let identity else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                message: "this needs 'Authorization: Bearer TOKEN' with a token of scope '\(scope.rawValue)'")
        }
        guard identity.allows(scope) else {
            throw HTTPError(.forbidden, message: "the token of '\(identity.name)' does not have the scope '\(scope.rawValue)'")
        }
    }
}
