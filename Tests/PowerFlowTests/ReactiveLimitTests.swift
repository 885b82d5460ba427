import GridModel
import GridNetwork
import PowerFlow
import TestFixtures
import Testing

/// Q limits enforced as MATPOWER's `runpf` with `enforce_q_lims = 1` (references from real MATPOWER 8.1).
@Suite("Reactive power limits")
struct ReactiveLimitTests {
    @Test("voltages equal MATPOWER's with enforce_q_lims = 1", arguments: Fixtures.caseNames)
    func matchesMatpower(name: String) throws {
        let grid = try Fixtures.grid(name)
        let outcome = try ReactiveLimitEnforcement.solve(grid)
        #expect(outcome.report.converged, "\(name): \(outcome.failure ?? outcome.report.outcome.failure?.description ?? "")")
        let (worstMagnitude, worstAngle) = Fixtures.worstDeviation(
            magnitudes: outcome.report.solution.magnitudesPU, angles: outcome.report.solution.anglesDegrees,
            reference: try Fixtures.referenceBuses(name, variant: "qlim/"))
        #expect(worstMagnitude < 1e-6, "\(name): |ΔVm| = \(worstMagnitude)")
        #expect(worstAngle < 1e-4, "\(name): |ΔVa| = \(worstAngle)")
        // No generator at a voltage-controlling bus is left beyond its limits.
        let solution = outcome.report.solution
        for (g, generator) in solution.grid.generators.enumerated() where generator.inService {
            let q = solution.generators[g].reactiveMvar
            #expect(q <= generator.maximumReactivePowerMvar + 1e-4 && q >= generator.minimumReactivePowerMvar - 1e-4,
                    "\(name): generator \(g + 1) at \(q) Mvar")
        }
        // Each generator is switched at most once (no flip-flop).
        #expect(Set(outcome.limitedGenerators.map(\.generator)).count == outcome.limitedGenerators.count)
    }

    @Test("a case without violations needs one round and switches nothing")
    func nothingToDo() throws {
        let outcome = try ReactiveLimitEnforcement.solve(try Fixtures.grid("case9"))
        #expect(outcome.rounds == 1 && outcome.limitedGenerators.isEmpty)
    }

    @Test("a limited slack generator moves the reference to a PV bus")
    func slackMoves() throws {
        var grid = try Fixtures.grid("case9")
        grid.generators[0].maximumReactivePowerMvar = 10  // the slack's Q is ~27 Mvar
        let outcome = try ReactiveLimitEnforcement.solve(grid)
        #expect(outcome.report.converged)
        #expect(outcome.newReferenceBus == 2)
        #expect(outcome.limitedGenerators.first?.bus == 1)
        #expect(abs(outcome.report.solution.generators[0].reactiveMvar - 10) < 1e-9)
        // The original reference keeps its angle.
        #expect(abs(outcome.report.solution.anglesDegrees[0]) < 1e-9)
    }
}
