import Estimation

/// The live model's present state as the API serves it (`GET /v1/state`): the latest estimate, what it reflects and
/// what it found. Units in the names: p.u., degrees, MW, Mvar, % of RATE_A; times in seconds since 1970 (UTC).
public struct LiveState: Sendable, Codable, Equatable {
    public struct Bus: Sendable, Codable, Equatable {
        public var id: Int
        public var vmPu: Double
        public var vaDeg: Double
    }

    public struct Branch: Sendable, Codable, Equatable {
        /// 1-based row in the case's branch table.
        public var row: Int
        public var fromBus: Int
        public var toBus: Int
        public var pFromMW: Double
        public var qFromMvar: Double
        public var pToMW: Double
        public var qToMvar: Double
        /// Largest end's |S| as a % of RATE_A; nil when unrated.
        public var loadingPercent: Double?
    }

    public struct Violation: Sendable, Codable, Equatable {
        /// `overload` (element = branch row) or `voltage` (element = bus number).
        public var kind: String
        public var element: Int
        public var value: Double
        public var limit: Double
    }

    public struct Residual: Sendable, Codable, Equatable {
        public var sensor: SensorAddress
        public var value: Double
        public var estimate: Double
        public var residual: Double
        /// nil for critical measurements (their residual is always 0) and removed ones.
        public var normalizedResidual: Double?
        public var removed: Bool
    }

    /// The newest sample time among the measurements the estimate used.
    public var measuredAt: Double
    /// When the estimate was made.
    public var estimatedAt: Double
    /// Frames accepted since the previous estimate (more than one: coalesced).
    public var frames: Int
    public var measurements: Int
    /// nil when the estimate failed; then `error` says why (and `unobservableBuses` lists bus numbers).
    public var objective: Double?
    public var chiSquareThreshold: Double?
    public var chiSquareAlarm: Bool
    public var badData: [SensorAddress]
    public var unobservableBuses: [Int]
    /// Branch rows whose breakers are reported open (and in service in the case), or closed against the case.
    public var openBranches: [Int] = []
    /// Pseudo-measurements (the case's injections, σ = 1 p.u.) that completed an unobservable set (0: none).
    public var pseudoMeasurements = 0
    public var error: String?
    public var buses: [Bus]
    public var branches: [Branch]
    public var violations: [Violation]
    public var residuals: [Residual]
}
