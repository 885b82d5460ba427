import GridModel
import GridNetwork
import Numerics
import PowerFlow
import TestFixtures
import Testing

@Suite("Voltage sensitivities to set-points")
struct VoltageSensitivitiesTests {
    /// The magnitudes and the regulating buses' reactive injections (p.u.) of `grid`'s power flow.
    private func solved(_ grid: Grid) throws -> (network: PowerFlowNetwork, voltages: [Complex<Double>]) {
        let engine = try PowerFlowEngine(grid: grid)
        var options = PowerFlowOptions()
        options.newton.tolerancePU = 1e-12
        options.newton.maximumIterations = 20
        let outcome = engine.solveVoltages(options: options)
        try #require(outcome.converged)
        return (engine.network, outcome.voltages)
    }

    @Test("each set-point's column equals central differences of the power flow", arguments: ["case14", "case118"])
    func againstFiniteDifferences(name: String) throws {
        let grid = try Fixtures.grid(name)
        let (network, voltages) = try solved(grid)
        let roles = network.roles.roles
        let controls = roles.indices.filter { roles[$0] == .pv || roles[$0] == .slack }
        let sensitivities = try VoltageSensitivities(network: network, voltages: voltages, controls: controls)
        #expect(sensitivities.controls == controls)
        let base = grid.baseMVA
        let step = 1e-5
        // A few controls spread over the list, the reference among them.
        for j in Set([0, controls.count / 3, controls.count / 2, controls.count - 1]) {
            let c = controls[j]
            func moved(_ delta: Double) throws -> (magnitudes: [Double], reactive: [Double]) {
                var edited = grid
                for g in edited.generators.indices where network.generatorBusPositions[g] == c {
                    edited.generators[g].voltageSetpointPU += delta
                }
                let (n, v) = try solved(edited)
                let q = n.injectedPowerMVA(voltages: v).map { $0.imaginary / base }
                return (v.map(\.length), controls.map { q[$0] })
            }
            let (up, down) = (try moved(step), try moved(-step))
            var analytic = [Double](repeating: 0, count: roles.count)
            for (b, value) in sensitivities.magnitudeByControl[j] { analytic[b] = value }
            for b in roles.indices where roles[b] == .pq {
                let numeric = (up.magnitudes[b] - down.magnitudes[b]) / (2 * step)
                // Entries below the threshold are left out of the sparse columns.
                #expect(abs(numeric - analytic[b]) < VoltageSensitivities.threshold + 2e-5, "bus \(b + 1), control \(c + 1): \(numeric) vs \(analytic[b])")
            }
            #expect(abs((up.magnitudes[c] - down.magnitudes[c]) / (2 * step) - 1) < 1e-9)
            for r in controls.indices {
                let numeric = (up.reactive[r] - down.reactive[r]) / (2 * step)
                let analytic = sensitivities.reactiveByControl[j][r]
                #expect(abs(numeric - analytic) < 1e-4 * max(1, abs(analytic)), "Q of \(controls[r] + 1) by \(c + 1): \(numeric) vs \(analytic)")
            }
        }
    }
}
