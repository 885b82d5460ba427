import Foundation
import GridNetwork
import GridModel
import PowerFlow
import TestFixtures
import Testing

/// Every shared case converges to MATPOWER 8.1's `runpf` solution (default options) with its iteration count.
@Suite("MATPOWER reference solutions")
struct ReferenceSolutionTests {
    @Test("bus voltages equal MATPOWER's within 1e-6 p.u. and 1e-4 degrees", arguments: Fixtures.caseNames)
    func voltagesMatchMatpower(name: String) throws {
        let grid = try Fixtures.grid(name)
        let report = try ACPowerFlow.solve(grid)
        #expect(report.converged, "\(name) did not converge: \(report.outcome.failure?.description ?? "")")
        let reference = try Fixtures.referenceBuses(name)
        #expect(reference.count == grid.buses.count)
        #expect(zip(grid.buses, reference).allSatisfy { $0.id == $1.id })
        let (worstMagnitude, worstAngle) = Fixtures.worstDeviation(
            magnitudes: report.solution.magnitudesPU, angles: report.solution.anglesDegrees, reference: reference)
        #expect(worstMagnitude < 1e-6, "\(name): |ΔVm| = \(worstMagnitude)")
        #expect(worstAngle < 1e-4, "\(name): |ΔVa| = \(worstAngle) deg")
    }

    @Test("iterations, losses and generation equal MATPOWER's run", arguments: Fixtures.caseNames)
    func factsMatchMatpower(name: String) throws {
        let facts = try Fixtures.referenceFacts(name)
        let report = try ACPowerFlow.solve(try Fixtures.grid(name))
        let iterations = facts["iterations"] as! Int
        #expect(report.outcome.iterations >= iterations && report.outcome.iterations <= iterations + 1)
        let losses = facts["total_p_losses_mw"] as! Double
        #expect(abs(report.solution.lossesMW - losses) < 1e-4 * max(1, abs(losses)), "losses \(report.solution.lossesMW) vs \(losses)")
        let qLosses = facts["total_q_losses_mvar"] as! Double
        #expect(abs(report.solution.lossesMvar - qLosses) < 1e-4 * max(1, abs(qLosses)))
        let generation = facts["total_pg_mw"] as! Double
        #expect(abs(report.solution.totalGeneration.mw - generation) < 1e-4 * max(1, abs(generation)))
        // The balance closes: generation = load + losses (+ shunt consumption).
        var shuntMW = 0.0
        let magnitudes = report.solution.magnitudesPU
        for (b, bus) in report.solution.grid.buses.enumerated() where bus.type != .isolated {
            shuntMW += bus.shuntConductanceMW * magnitudes[b] * magnitudes[b]
        }
        let demand = report.solution.grid.totalDemand.mw
        #expect(abs(report.solution.totalGeneration.mw - demand - report.solution.lossesMW - shuntMW) < 1e-5)
    }
}

/// From a flat start, every shared case reaches MATPOWER's default solution (with the fallbacks if needed).
@Suite("Flat start")
struct FlatStartTests {
    @Test("converges to MATPOWER's default solution", arguments: Fixtures.caseNames)
    func flatStartReachesReference(name: String) throws {
        let report = try PowerFlowStudy.run(try Fixtures.grid(name), options: PowerFlowOptions(start: .flat))
        #expect(report.converged)
        let (worstMagnitude, worstAngle) = Fixtures.worstDeviation(
            magnitudes: report.solution.magnitudesPU, angles: report.solution.anglesDegrees,
            reference: try Fixtures.referenceBuses(name))
        #expect(worstMagnitude < 1e-6, "\(name): |ΔVm| = \(worstMagnitude)")
        #expect(worstAngle < 1e-4, "\(name): |ΔVa| = \(worstAngle)")
    }
}
