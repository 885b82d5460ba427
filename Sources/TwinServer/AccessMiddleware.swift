import Hummingbird
import HummingbirdAuth

/// Lets a request through a group of routes only with `scope` (``ServerAccess/authorize(_:for:)``).
struct AccessMiddleware: RouterMiddleware {
    typealias Context = TwinRequestContext
    let access: ServerAccess
    let scope: AccessScope

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try access.authorize(context.identity, for: scope)
        return try await next(request, context)
    }
}
