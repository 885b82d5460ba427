/// Per-step load factors from outside the profile file (a MATPOWER change table): buses share series, so a year of
/// a large grid costs what its areas do.
public struct LoadFactors: Sendable, Equatable {
    /// Per bus: index into `series` of its active-demand factor and of its reactive-demand factor.
    public var activeSeries: [Int]
    public var reactiveSeries: [Int]
    /// Factors per step (multiplying the case's PD or QD).
    public var series: [[Double]]

    public init(activeSeries: [Int], reactiveSeries: [Int], series: [[Double]]) {
        self.activeSeries = activeSeries
        self.reactiveSeries = reactiveSeries
        self.series = series
    }
}
