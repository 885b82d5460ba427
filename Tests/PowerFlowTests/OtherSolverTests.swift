import GridModel
import GridNetwork
import PowerFlow
import TestFixtures
import Testing

@Suite("DC and fast-decoupled power flows")
struct OtherSolverTests {
    @Test("the DC power flow equals MATPOWER's rundcpf", arguments: Fixtures.caseNames)
    func dcMatchesMatpower(name: String) throws {
        let grid = try Fixtures.grid(name)
        let report = try DCPowerFlow.solve(grid)
        let reference = try Fixtures.referenceBuses(name, variant: "dc/")
        let angles = report.solution.anglesDegrees, magnitudes = report.solution.magnitudesPU
        var worst = 0.0
        for (b, bus) in reference.enumerated() where bus.type != 4 {
            worst = max(worst, abs(angles[b] - bus.angleDegrees))
            #expect(abs(magnitudes[b] - 1) < 1e-12)
        }
        #expect(worst < 1e-6, "\(name): |ΔVa| = \(worst) deg")
        // Lossless: the reference generator covers demand and shunt conductance exactly.
        let shunt = grid.buses.filter { $0.type != .isolated }.reduce(0) { $0 + $1.shuntConductanceMW }
        #expect(abs(report.solution.totalGeneration.mw - grid.totalDemand.mw - shunt) < 1e-6)
        #expect(report.solution.lossesMW == 0)
    }

    static let fastDecoupledCases = ["case9", "case14", "case30", "case57", "case118", "case300", "case_ACTIVSg200",
                                     "case1354pegase", "case_ACTIVSg2000", "case2869pegase", "case9241pegase"]

    @Test("fast-decoupled XB and BX converge to MATPOWER's AC solution",
          arguments: FastDecoupledPowerFlow.Variant.allCases, fastDecoupledCases)
    func fastDecoupledMatchesMatpower(variant: FastDecoupledPowerFlow.Variant, name: String) throws {
        let grid = try Fixtures.grid(name)
        let options = PowerFlowOptions(newton: NewtonRaphsonOptions(maximumIterations: FastDecoupledPowerFlow.defaultMaximumIterations))
        let report = try FastDecoupledPowerFlow.solve(grid, variant: variant, options: options)
        #expect(report.converged, "\(name) \(variant): \(report.outcome.iterations) iterations, mismatch \(report.outcome.maximumMismatchPU)")
        let (worstMagnitude, worstAngle) = Fixtures.worstDeviation(
            magnitudes: report.solution.magnitudesPU, angles: report.solution.anglesDegrees,
            reference: try Fixtures.referenceBuses(name))
        #expect(worstMagnitude < 1e-6, "\(name) \(variant): |ΔVm| = \(worstMagnitude)")
        #expect(worstAngle < 1e-4, "\(name) \(variant): |ΔVa| = \(worstAngle)")
    }
}
