import Benchmark
import Estimation
import Foundation
import GridFormats
import GridModel
import GridNetwork
import Numerics
import PowerFlow

/// The cases measured (test-fixture copies of public MATPOWER cases) and the measurement set built on each: the
/// "full" set of `peers.py se` — |V| at every bus, P and Q flows at both ends of every branch (21,197 measurements on
/// case2869pegase) — from the power flow's state plus seeded Gaussian noise (σ 0.01 for |V|, 0.02 for flows).
private let caseNames = ["case118", "case2869pegase"]

private func casePath(_ name: String) -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    let bundled = "\(root)/grids/\(name).m"
    return FileManager.default.fileExists(atPath: bundled) ? bundled : "\(root)/Tests/Fixtures/cases/\(name).m"
}

/// The full measurement set of `grid` at its power-flow state, with noise from a fixed seed.
private func fullSet(grid: Grid, network: PowerFlowNetwork, voltages: [Complex<Double>]) -> [GridMeasurement] {
    var seed: UInt64 = 7
    func gaussian() -> Double {
        func uniform() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return (Double(seed >> 11) + 0.5) / Double(1 << 53)
        }
        return (-2 * Foundation.log(uniform())).squareRoot() * Foundation.cos(2 * .pi * uniform())
    }
    var set: [GridMeasurement] = []
    for b in grid.buses.indices where grid.buses[b].type != .isolated {
        set.append(GridMeasurement(kind: .voltageMagnitude, element: b, value: voltages[b].length + 0.01 * gaussian(), sigma: 0.01))
    }
    for (k, flow) in network.branchFlows(voltages: voltages).enumerated() where grid.branches[k].inService {
        let base = grid.baseMVA
        for (kind, fromValue, toValue) in [
            (MeasurementKind.activeFlow, flow.fromMW, flow.toMW), (.reactiveFlow, flow.fromMvar, flow.toMvar),
        ] {
            set.append(GridMeasurement(kind: kind, element: k, atFromEnd: true, value: fromValue / base + 0.02 * gaussian(), sigma: 0.02))
            set.append(GridMeasurement(kind: kind, element: k, atFromEnd: false, value: toValue / base + 0.02 * gaussian(), sigma: 0.02))
        }
    }
    return set
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], timeUnits: .microseconds,
        maxDuration: .seconds(3), maxIterations: 200)

    for name in caseNames {
        guard let grid = try? MatpowerCase.load(contentsOf: casePath(name)).grid,
              let engine = try? PowerFlowEngine(grid: grid)
        else { continue }
        let network = engine.network
        let truth = engine.solveVoltages().voltages
        let measurements = fullSet(grid: grid, network: network, voltages: truth)
        let values = measurements.map(\.value)

        for formulation in StateEstimator.Formulation.allCases {
            // Warm: the analysis kept, from the case's start — what power-grid-model's repeated estimate measures.
            Benchmark("estimate warm \(formulation) \(name)", configuration: configuration) { benchmark in
                let estimator = try StateEstimator(network: network, measurements: measurements, formulation: formulation)
                _ = try estimator.estimate(values: values, removeBadData: false)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(try estimator.estimate(values: values, removeBadData: false))
                }
            }
        }

        // The next frame of a live twin: from the last estimate, with the bad-data analysis.
        Benchmark("estimate from last with bad data \(name)", configuration: configuration) { benchmark in
            let estimator = try StateEstimator(network: network, measurements: measurements)
            let last = try estimator.estimate(values: values)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try estimator.estimate(values: values, start: last.voltages))
            }
        }

        Benchmark("estimator analysis \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try StateEstimator(network: network, measurements: measurements))
            }
        }
    }
}
