import GridModel
import PowerFlow
import Studies
import TestFixtures
import Testing

@Suite("Hosting capacity (N-0)")
struct HostingCapacityTests {
    /// Whether `injectionMW` at `bus` (position) violates something the base case does not: a standalone power flow
    /// (no fallback), judged here independently of the analysis.
    private func violates(_ grid: Grid, bus b: Int, injectionMW: Double, base: PowerFlowReport) throws -> Bool {
        var changed = grid
        changed.buses[b].demandMW -= injectionMW
        let report = try PowerFlowStudy.run(changed, options: PowerFlowOptions(fallback: false))
        guard report.converged else { return true }
        for (k, flow) in report.solution.branches.enumerated() {
            guard let loading = flow.loadingPercent, grid.branches[k].inService else { continue }
            let before = base.solution.branches[k].loadingPercent ?? 0
            if loading > 100 + 1e-6 && (before <= 100 || loading > before + 1) { return true }
        }
        for (i, bus) in grid.buses.enumerated() where bus.type != .isolated {
            let magnitude = report.solution.magnitudesPU[i], before = base.solution.magnitudesPU[i]
            let outside = magnitude > bus.maximumVoltagePU + 1e-6 || magnitude < bus.minimumVoltagePU - 1e-6
            let wasOutside = before > bus.maximumVoltagePU + 1e-6 || before < bus.minimumVoltagePU - 1e-6
            if outside && (!wasOutside || abs(magnitude - before) >= 0.01) { return true }
        }
        return false
    }

    @Test("case118 rated at 1.4 × its base flows: each bus's figure holds just below and is violated just above")
    func case118() throws {
        var grid = try Fixtures.grid("case118")
        let unrated = try PowerFlowStudy.run(grid)
        for k in grid.branches.indices where grid.branches[k].inService {
            grid.branches[k].rateAMVA = max(20, (1.4 * unrated.solution.branches[k].maximumMVA).rounded())
        }
        let base = try PowerFlowStudy.run(grid)
        let buses = [1, 10, 25, 59, 80, 95, 117]
        let results = try HostingCapacity.run(grid, buses: buses, resolutionMW: 1, maximumMW: 5_000)
        #expect(results.map(\.bus) == buses)
        let lookup = grid.busLookup()
        for result in results {
            let b = try #require(lookup[result.bus])
            #expect(try !violates(grid, bus: b, injectionMW: result.capacityMW, base: base), "bus \(result.bus) at \(result.capacityMW) MW")
            #expect(result.limit != nil, "bus \(result.bus) reached the maximum")
            #expect(try violates(grid, bus: b, injectionMW: result.capacityMW + 1, base: base), "bus \(result.bus) at \(result.capacityMW + 1) MW")
        }
        #expect(results.contains { $0.limit?.hasPrefix("branch") == true })
    }
}
