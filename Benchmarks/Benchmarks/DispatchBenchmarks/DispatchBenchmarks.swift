import Benchmark
import Foundation
import ScenarioFiles
import Twin

/// The worked example's scenario (case118, 6 plants, 2 batteries, a year hourly).
private let scenarioPath: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    return "\(root)/grids/example/wind-north.yaml"
}()

/// A week of the worked example per iteration (168 steps, AC power flow and controllers included): optimal dispatch
/// per step, with a 24-h window, and the rules, so that ms per step can be set side by side.
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 20)
    guard let base = try? PreparedScenario.load(scenarioPath) else { return }
    var window = base
    window.dispatch.windowSteps = 24
    var rules = base
    rules.dispatchMethod = .meritOrder
    for (name, scenario) in [("optimal per step", base), ("optimal 24-h window", window), ("rules", rules)] {
        Benchmark("case118 week, \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                let stepper = try TwinStepper(scenario: scenario)
                var state = stepper.initialState()
                for t in 0..<168 { blackHole(stepper.advance(stepper.inputs(at: t), state: &state)) }
            }
        }
    }
}
