import Estimation
import GridModel
import GridNetwork
import Numerics

/// Turns an estimate into the served ``LiveState``: voltages, flows and loadings from the estimated voltages (the
/// network core's branch flows), violations against the case's voltage bands and RATE_A, residuals per sensor.
struct LiveStateBuilder {
    let grid: Grid
    let network: PowerFlowNetwork

    func state(
        estimate: StateEstimate?, measurements: [GridMeasurement], addresses: [SensorAddress], measuredAt: Double,
        estimatedAt: Double, frames: Int, error: String?, unobservableBuses: [Int]
    ) -> LiveState {
        var buses: [LiveState.Bus] = [], branches: [LiveState.Branch] = [], violations: [LiveState.Violation] = []
        var residuals: [LiveState.Residual] = []
        if let estimate {
            for (b, bus) in grid.buses.enumerated() {
                let v = estimate.voltages[b]
                buses.append(.init(id: bus.id, vmPu: v.length, vaDeg: Double.atan2(y: v.imaginary, x: v.real) * 180 / .pi))
                guard bus.type != .isolated else { continue }
                if v.length > bus.maximumVoltagePU + 1e-9 {
                    violations.append(.init(kind: "voltage", element: bus.id, value: v.length, limit: bus.maximumVoltagePU))
                } else if v.length < bus.minimumVoltagePU - 1e-9 {
                    violations.append(.init(kind: "voltage", element: bus.id, value: v.length, limit: bus.minimumVoltagePU))
                }
            }
            for (k, flow) in network.branchFlows(voltages: estimate.voltages).enumerated() where grid.branches[k].inService {
                let branch = grid.branches[k]
                let loading = flow.loadingPercent(ratingMVA: branch.rateAMVA)
                branches.append(.init(
                    row: k + 1, fromBus: branch.fromBus, toBus: branch.toBus, pFromMW: flow.fromMW, qFromMvar: flow.fromMvar,
                    pToMW: flow.toMW, qToMvar: flow.toMvar, loadingPercent: loading))
                if let loading, loading > 100 + 1e-9 {
                    violations.append(.init(kind: "overload", element: k + 1, value: loading, limit: 100))
                }
            }
            let removed = Set(estimate.removed)
            for i in measurements.indices {
                let normalized = estimate.normalizedResiduals.isEmpty ? Double.nan : estimate.normalizedResiduals[i]
                residuals.append(.init(
                    sensor: addresses[i], value: measurements[i].value, estimate: estimate.estimatedValues[i],
                    residual: estimate.residuals[i], normalizedResidual: normalized.isFinite ? normalized : nil,
                    removed: removed.contains(i)))
            }
        }
        return LiveState(
            measuredAt: measuredAt, estimatedAt: estimatedAt, frames: frames, measurements: measurements.count,
            objective: estimate?.objective, chiSquareThreshold: estimate.map { $0.chiSquareThreshold.isFinite ? $0.chiSquareThreshold : nil } ?? nil,
            chiSquareAlarm: estimate?.chiSquareAlarm ?? false, badData: estimate?.removed.map { addresses[$0] } ?? [],
            unobservableBuses: unobservableBuses, error: error, buses: buses, branches: branches, violations: violations,
            residuals: residuals)
    }
}
