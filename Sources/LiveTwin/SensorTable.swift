import Estimation
import GridModel

/// The sensors a live model has heard from, each with its latest sample: the measurement set the estimator works on.
/// A new sensor grows the set; a newer sample of a known one replaces its value (an older one is ignored).
struct SensorTable: Sendable {
    private(set) var addresses: [SensorAddress] = []
    private(set) var measurements: [GridMeasurement] = []
    /// When each sensor's latest sample was measured, seconds since 1970.
    private(set) var times: [Double] = []
    private var positions: [SensorAddress: Int] = [:]
    /// Breaker statuses reported (`status` samples: element the branch row, value 1 closed, 0 open), by branch index,
    /// with the time of the newest.
    private(set) var branchStatus: [Int: (closed: Bool, time: Double)] = [:]

    /// Takes a frame's samples in: each checked (address, finite value, σ > 0, quality), `questionable` ones with
    /// σ × 3; `status` samples set a branch's breaker (1 closed, 0 open). Returns what was accepted and why the rest
    /// was not.
    mutating func absorb(_ frame: MeasurementFrame, grid: Grid, lookup: BusLookup) -> IngestReport {
        var accepted = 0, rejected: [IngestReport.Rejection] = []
        for (i, sample) in frame.samples.enumerated() {
            guard sample.time.isFinite else {
                rejected.append(.init(index: i, reason: "time: '\(sample.time)' is not a finite number"))
                continue
            }
            let quality = sample.quality ?? .good
            guard quality != .invalid else {
                rejected.append(.init(index: i, reason: "quality: invalid"))
                continue
            }
            if sample.sensor.kind == "status" {
                guard let k = grid.branchIndex(row: sample.sensor.element) else {
                    rejected.append(.init(index: i, reason: "element: branch row \(sample.sensor.element) does not exist (1...\(grid.branches.count))"))
                    continue
                }
                guard sample.value == 0 || sample.value == 1 else {
                    rejected.append(.init(index: i, reason: "value: a status is 1 (closed) or 0 (open), not \(sample.value)"))
                    continue
                }
                accepted += 1
                if let known = branchStatus[k], known.time > sample.time { continue }
                branchStatus[k] = (sample.value == 1, sample.time)
                continue
            }
            let measurement: GridMeasurement
            do {
                measurement = try sample.sensor.measurement(
                    value: sample.value, sigma: sample.sigma * (quality == .questionable ? 3 : 1), grid: grid, lookup: lookup)
            } catch {
                rejected.append(.init(index: i, reason: error.description))
                continue
            }
            accepted += 1
            if let p = positions[sample.sensor] {
                guard sample.time >= times[p] else { continue }  // an older sample than the one held
                measurements[p] = measurement
                times[p] = sample.time
            } else {
                positions[sample.sensor] = addresses.count
                addresses.append(sample.sensor)
                measurements.append(measurement)
                times.append(sample.time)
            }
        }
        return IngestReport(accepted: accepted, rejected: rejected)
    }
}
