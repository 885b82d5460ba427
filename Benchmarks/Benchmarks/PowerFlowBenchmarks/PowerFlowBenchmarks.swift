import Benchmark
import Foundation
import GridNetwork
import GridFormats
import GridModel
import PowerFlow

/// The cases measured: bundled or test-fixture copies of public MATPOWER cases.
private let caseNames = ["case118", "case2869pegase", "case9241pegase"]

private func casePath(_ name: String) -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    let bundled = "\(root)/grids/\(name).m"
    return FileManager.default.fileExists(atPath: bundled) ? bundled : "\(root)/Tests/Fixtures/cases/\(name).m"
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], timeUnits: .microseconds,
        maxDuration: .seconds(3), maxIterations: 1000)

    for name in caseNames {
        let path = casePath(name)
        guard let grid = try? MatpowerCase.load(contentsOf: path).grid else { continue }

        Benchmark("parse \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try MatpowerCaseReader.read(contentsOf: path)) }
        }

        Benchmark("Ybus \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try PowerFlowNetwork(grid: grid)) }
        }

        Benchmark("islands \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(IslandAnalysis(grid: grid)) }
        }

        Benchmark("Jacobian analysis \(name)", configuration: configuration) { benchmark in
            let network = try PowerFlowNetwork(grid: grid)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try NewtonRaphsonSolver(network: network)) }
        }

        Benchmark("cold solve \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                let engine = try PowerFlowEngine(grid: grid)
                blackHole(engine.solveVoltages())
            }
        }

        Benchmark("warm solve \(name)", configuration: configuration) { benchmark in
            let engine = try PowerFlowEngine(grid: grid)
            let start = engine.network.initialVoltages()
            _ = engine.solveVoltages(from: start)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(engine.solveVoltages(from: start)) }
        }

        Benchmark(
            "1000 solves, changing injections \(name)",
            configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 5)
        ) { benchmark in
            let engine = try PowerFlowEngine(grid: grid)
            let demandMW = grid.buses.map(\.demandMW), demandMvar = grid.buses.map(\.demandMvar)
            let generatorMW = grid.generators.map(\.activePowerMW)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                var voltages = engine.network.initialVoltages()
                for step in 0..<1000 {
                    // A daily swing of ±8 %, generation following the load.
                    let factor = 1 + 0.08 * sin(2 * Double.pi * Double(step) / 96)
                    engine.updateInjections(
                        demandMW: demandMW.map { $0 * factor }, demandMvar: demandMvar.map { $0 * factor },
                        generatorMW: generatorMW.map { $0 * factor })
                    voltages = engine.solveVoltages(from: voltages).voltages
                }
                blackHole(voltages)
            }
        }
    }
}
