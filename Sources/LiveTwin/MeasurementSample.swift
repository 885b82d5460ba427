import Estimation

/// One sample of a live feed: which sensor, its value and standard deviation (p.u. on baseMVA, degrees for `va`, as in
/// the estimator's CSV), when it was measured, and the gateway's quality flag.
public struct MeasurementSample: Sendable, Codable, Equatable {
    /// A gateway's judgement of a sample: `invalid` ones are rejected, `questionable` ones weigh a ninth (σ × 3).
    public enum Quality: String, Sendable, Codable {
        case good, questionable, invalid
    }

    public var sensor: SensorAddress
    public var value: Double
    public var sigma: Double
    /// When it was measured, seconds since 1970-01-01 UTC.
    public var time: Double
    /// `good` when absent.
    public var quality: Quality?

    public init(sensor: SensorAddress, value: Double, sigma: Double, time: Double, quality: Quality? = nil) {
        self.sensor = sensor
        self.value = value
        self.sigma = sigma
        self.time = time
        self.quality = quality
    }
}
