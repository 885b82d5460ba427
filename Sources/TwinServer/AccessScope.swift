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
}
