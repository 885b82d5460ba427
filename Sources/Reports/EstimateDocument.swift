import Estimation
import Foundation
import GridModel
import Numerics

/// The report of a state estimate: per bus |V| and angle, per measurement value, estimate, residual and normalized
/// residual, the bad data removed, J(x̂) against its chi-square limit, iterations and timing.
public struct EstimateDocument: Encodable {
    struct BusRow: Encodable {
        var id: Int
        var vmPu: Double
        var vaDeg: Double
    }

    struct MeasurementRow: Encodable {
        var kind: String
        var element: Int
        var side: String
        var value: Double
        var sigma: Double
        var estimate: Double
        var residual: Double
        /// null for critical (or removed) measurements.
        var normalizedResidual: Double
        var removed: Bool
    }

    struct Timing: Encodable {
        /// The first estimate, the model and the gain's analysis built.
        var coldMs: Double
        /// Re-estimates with everything kept, from the same start; and from the last estimate.
        var warmMs: Double?
        var fromLastEstimateMs: Double?
    }

    var buses: [BusRow]
    var measurements: [MeasurementRow]
    var removedAsBadData: [MeasurementRow]
    var objective: Double
    var chiSquareThreshold: Double
    var chiSquareAlarm: Bool
    var degreesOfFreedom: Int
    var states: Int
    var iterations: Int
    var criticalMeasurements: Int
    /// `gain` (normal equations) or `hachtel` (augmented system).
    var formulation: String
    /// Zero injections held as equality constraints.
    var equalityConstraints: Int
    var timing: Timing

    public init(
        grid: Grid, measurements: [GridMeasurement], estimate: StateEstimate, stateCount: Int, coldMilliseconds: Double,
        warmMilliseconds: Double?, fromLastMilliseconds: Double? = nil, formulation: StateEstimator.Formulation = .gain
    ) {
        buses = grid.buses.indices.map { b in
            let v = estimate.voltages[b]
            return BusRow(id: grid.buses[b].id, vmPu: v.length, vaDeg: Double.atan2(y: v.imaginary, x: v.real) * 180 / .pi)
        }
        let removed = Set(estimate.removed)
        let rows = measurements.indices.map { i in
            let m = measurements[i]
            return MeasurementRow(
                kind: m.kind.rawValue,
                element: m.kind.isBranchQuantity ? m.element + 1 : grid.buses[m.element].id,
                side: m.kind.isBranchQuantity ? (m.atFromEnd ? "from" : "to") : "", value: m.value, sigma: m.sigma,
                estimate: estimate.estimatedValues[i], residual: estimate.residuals[i],
                normalizedResidual: estimate.normalizedResiduals.isEmpty ? .nan : estimate.normalizedResiduals[i],
                removed: removed.contains(i))
        }
        self.measurements = rows
        removedAsBadData = estimate.removed.map { rows[$0] }
        objective = estimate.objective
        chiSquareThreshold = estimate.chiSquareThreshold
        chiSquareAlarm = estimate.chiSquareAlarm
        degreesOfFreedom = estimate.degreesOfFreedom
        states = stateCount
        iterations = estimate.iterations
        criticalMeasurements = estimate.normalizedResiduals.isEmpty
            ? 0 : measurements.indices.filter {
                !removed.contains($0) && !measurements[$0].isEquality && estimate.normalizedResiduals[$0].isNaN
            }.count
        self.formulation = formulation.rawValue
        equalityConstraints = measurements.filter(\.isEquality).count
        timing = Timing(coldMs: coldMilliseconds, warmMs: warmMilliseconds, fromLastEstimateMs: fromLastMilliseconds)
    }

    /// `bus_id,vm_pu,va_deg`.
    public func busesCSV() -> String {
        "bus_id,vm_pu,va_deg\n" + buses.map { "\($0.id),\(NumberText.fixed($0.vmPu, 8)),\(NumberText.fixed($0.vaDeg, 6))\n" }.joined()
    }

    /// A readable report: the estimate's figures, bad data, the largest normalized residuals, the voltage extremes.
    public func text() -> String {
        var out = "State estimate: \(measurements.count) measurements, \(states) states, \(iterations) iterations"
        out += " (\(formulation == "hachtel" ? "augmented Hachtel form" : "gain matrix")"
        out += equalityConstraints > 0 ? ", \(equalityConstraints) zero-injection constraints)\n" : ")\n"
        out += "J(x̂) = \(NumberText.fixed(objective, 2)); chi-square limit (α = 5 %, \(degreesOfFreedom) degrees of freedom) "
        out += "\(NumberText.fixed(chiSquareThreshold, 2)): \(chiSquareAlarm ? "ALARM — bad data suspected" : "passed")\n"
        out += "Bad data removed (largest normalized residual > 3): "
        out += removedAsBadData.isEmpty ? "none\n" : "\n" + removedAsBadData.map { "  \(label($0)) value \(NumberText.fixed($0.value, 5)), estimate \(NumberText.fixed($0.estimate, 5))\n" }.joined()
        out += "Critical measurements (an error in them cannot be seen): \(criticalMeasurements)\n"
        let ranked = measurements.filter { !$0.removed && $0.normalizedResidual.isFinite }
            .sorted { $0.normalizedResidual > $1.normalizedResidual }.prefix(5)
        if !ranked.isEmpty {
            out += "Largest normalized residuals:\n"
            for row in ranked { out += "  \(label(row)): \(NumberText.fixed(row.normalizedResidual, 2))\n" }
        }
        if let low = buses.min(by: { $0.vmPu < $1.vmPu }), let high = buses.max(by: { $0.vmPu < $1.vmPu }) {
            out += "Voltage: lowest \(NumberText.fixed(low.vmPu, 4)) p.u. at bus \(low.id), highest \(NumberText.fixed(high.vmPu, 4)) p.u. at bus \(high.id)\n"
        }
        out += "Time: \(NumberText.fixed(timing.coldMs, 2)) ms"
        if let warm = timing.warmMs { out += "; warm re-estimate \(NumberText.fixed(warm, 3)) ms" }
        if let last = timing.fromLastEstimateMs { out += "; from the last estimate \(NumberText.fixed(last, 3)) ms" }
        return out + "\n"
    }

    private func label(_ row: MeasurementRow) -> String {
        row.side.isEmpty ? "\(row.kind) bus \(row.element)" : "\(row.kind) branch \(row.element) \(row.side)"
    }
}
