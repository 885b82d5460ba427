import PowerFlow
import GridNetwork
import TestFixtures
import Testing

/// Public MATPOWER cases beyond the shared set, with features the shared ones lack (data computed by code in the
/// case file, French transmission snapshots that MATPOWER cannot solve from a flat start). References: MATPOWER 8.1.
@Suite("Held-out MATPOWER cases")
struct HeldOutCaseTests {
    private func check(_ name: String, settings: PowerFlowOptions = PowerFlowOptions()) throws -> PowerFlowReport {
        let report = try PowerFlowStudy.run(try Fixtures.grid(name), options: settings)
        #expect(report.converged)
        let (worstMagnitude, worstAngle) = Fixtures.worstDeviation(
            magnitudes: report.solution.magnitudesPU, angles: report.solution.anglesDegrees,
            reference: try Fixtures.referenceBuses(name, variant: "heldout/"), skippingIsolated: true)
        #expect(worstMagnitude < 1e-6, "\(name): |ΔVm| = \(worstMagnitude)")
        #expect(worstAngle < 1e-4, "\(name): |ΔVa| = \(worstAngle)")
        return report
    }

    @Test("distribution cases with unit conversions in code equal MATPOWER", arguments: ["case33bw", "case141", "case533mt_hi"])
    func distributionCases(name: String) throws {
        let report = try check(name)
        #expect(report.strategy == nil)
    }

    @Test("case1951rte from a flat start reaches MATPOWER's solution (MATPOWER itself diverges from flat)")
    func flatStartFallback() throws {
        let report = try check("case1951rte", settings: PowerFlowOptions(start: .flat))
        let strategy = try #require(report.strategy)
        #expect(!strategy.attempts[0].converged)
        #expect(strategy.attempts[strategy.chosen].converged)
    }

    @Test("case1951rte from the case's voltages needs no fallback")
    func defaultStart() throws {
        let report = try check("case1951rte")
        #expect(report.strategy == nil && report.outcome.iterations == 3)
    }
}
