import Hummingbird

/// Every request that writes (anything but GET and HEAD) needs `Authorization: Bearer TOKEN` with one of the
/// configured tokens; without tokens the server is read-only. Tokens are compared in constant time and never logged.
struct WriteTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .get || request.method == .head { return try await next(request, context) }
        guard !tokens.isEmpty else {
            throw HTTPError(.forbidden, message: "this server is read-only: start it with --tokens FILE to accept writes")
        }
        let header = request.headers[.authorization] ?? ""
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), Self.matches(String(header.dropFirst(prefix.count)), any: tokens) else {
            throw HTTPError(.unauthorized, message: "a write needs 'Authorization: Bearer TOKEN' with a valid token")
        }
        return try await next(request, context)
    }

    /// Whether `candidate` equals one of `tokens`, looking at every byte of every token whatever matches.
    static func matches(_ candidate: String, any tokens: [String]) -> Bool {
        let given = Array(candidate.utf8)
        var found = false
        for token in tokens {
            let expected = Array(token.utf8)
            var difference = UInt8(given.count == expected.count ? 0 : 1)
            for i in 0..<expected.count { difference |= expected[i] ^ (i < given.count ? given[i] : 0) }
            found = found || difference == 0
        }
        return found
    }
}
