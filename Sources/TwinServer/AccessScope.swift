/// What a token may do on the live twin's API. Every token may read; ``admin`` may do everything.
public enum AccessScope: String, Sendable, CaseIterable, Comparable {
    /// Read the state, history, set-points, metrics and the stream (needed only when reads are protected).
    case read
    /// Send measurement frames: `POST /v1/measurements`, `WS /v1/feed`.
    case ingest
    /// Operate: what-if forks, forecasts, set-points.
    case control
    /// Everything.
    case admin

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The scopes of a comma-separated list (`ingest,control`); the message names the first that is none of them.
    public static func set(parsing list: Substring) throws(TokenTable.Problem) -> Set<AccessScope> {
        var scopes = Set<AccessScope>()
        for name in list.split(separator: ",") {
            guard let scope = AccessScope(rawValue: String(name)) else {
                throw TokenTable.Problem(description: "'\(name)' is none of \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            scopes.insert(scope)
        }
        return scopes
    }
}
