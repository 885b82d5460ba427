import Prometheus

/// The live model's metrics in Prometheus' registry (swift-prometheus), exposed by the server at `GET /metrics`:
/// frames and samples in, estimates and their duration, coalesced frames, bad data, alarms, failures, the latest
/// measurement time. One registry per served model — no global state.
public final class TwinMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let frames: Counter
    let samplesAccepted: Counter
    let samplesRejected: Counter
    let estimates: Counter
    let coalescedFrames: Counter
    let estimatesNotStored: Counter
    let estimateSeconds: DurationHistogram
    let badData: Counter
    let chiSquareAlarms: Counter
    let failures: Counter
    let measuredAt: Gauge
    let violations: Gauge

    public init() {
        frames = registry.makeCounter(name: "gridtwin_frames_total", help: "Frames with at least one accepted sample.")
        samplesAccepted = registry.makeCounter(name: "gridtwin_samples_accepted_total", help: "Samples accepted.")
        samplesRejected = registry.makeCounter(name: "gridtwin_samples_rejected_total", help: "Samples rejected (address, value, quality).")
        estimates = registry.makeCounter(name: "gridtwin_estimates_total", help: "State estimates made.")
        coalescedFrames = registry.makeCounter(name: "gridtwin_frames_coalesced_total", help: "Frames folded into an estimate with others.")
        estimatesNotStored = registry.makeCounter(
            name: "gridtwin_estimates_not_stored_total", help: "Estimates not stored: more than the history's waiting limit behind the one being written (overload).")
        estimateSeconds = registry.makeDurationHistogram(
            name: "gridtwin_estimate_seconds",
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10)],
            help: "Time of one estimate, bad-data analysis included.")
        badData = registry.makeCounter(name: "gridtwin_bad_data_total", help: "Measurements removed as bad data.")
        chiSquareAlarms = registry.makeCounter(name: "gridtwin_chi_square_alarms_total", help: "Estimates whose J exceeded its chi-square limit.")
        failures = registry.makeCounter(name: "gridtwin_estimate_failures_total", help: "Estimates that failed (unobservable, not converged).")
        measuredAt = registry.makeGauge(name: "gridtwin_measured_at_seconds", help: "Newest measurement time in the latest estimate, s since 1970.")
        violations = registry.makeGauge(name: "gridtwin_violations", help: "Violations in the latest estimate.")
    }

    /// The registry in Prometheus' text format.
    public func text() -> String { registry.emitToString() }
}
