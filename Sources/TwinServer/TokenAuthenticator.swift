import Hummingbird
import HummingbirdAuth

/// Puts the presented token's identity on the request (HummingbirdAuth's authenticator protocol); 401 for an unknown
/// token. Tokens are never logged: only their digests are compared.
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = TwinRequestContext
    let access: ServerAccess

    func authenticate(request: Request, context: Context) async throws -> AccessIdentity? {
        try access.identity(in: request.headers)
    }
}
