import Numerics

/// The result of one estimate.
public struct StateEstimate: Sendable {
    /// Estimated bus voltages, p.u. (isolated buses as in the case start).
    public var voltages: [Complex<Double>]
    public var iterations: Int
    /// J(x̂) = Σ wᵢ·rᵢ² over the measurements kept.
    public var objective: Double
    /// h(x̂) and z − h(x̂) per measurement (angles in degrees).
    public var estimatedValues: [Double]
    public var residuals: [Double]
    /// |rᵢ|/√Ωᵢᵢ per measurement (NaN: critical or removed; empty when bad data was not analysed).
    public var normalizedResiduals: [Double] = []
    /// Measurements removed as bad data, in the order removed.
    public var removed: [Int] = []
    /// m − n over the measurements kept, and the chi-square limit of J at the estimator's significance.
    public var degreesOfFreedom = 0
    public var chiSquareThreshold = Double.nan

    /// Whether J(x̂) exceeds the chi-square limit: bad data is suspected.
    public var chiSquareAlarm: Bool { chiSquareThreshold.isFinite && objective > chiSquareThreshold }

    public init(voltages: [Complex<Double>], iterations: Int, objective: Double, estimatedValues: [Double], residuals: [Double]) {
        self.voltages = voltages
        self.iterations = iterations
        self.objective = objective
        self.estimatedValues = estimatedValues
        self.residuals = residuals
    }
}
