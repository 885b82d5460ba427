import GridModel
import PowerFlow
import Studies
import TestFixtures
import Testing

@Suite("Hosting capacity")
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
            let further = magnitude > bus.maximumVoltagePU ? magnitude - before : before - magnitude
            if outside && (!wasOutside || further >= 0.01) { return true }
        }
        return false
    }

    /// case118 with every branch rated at 1.4 × its base flow (at least 20 MVA).
    private func ratedCase118() throws -> Grid {
        var grid = try Fixtures.grid("case118")
        let unrated = try PowerFlowStudy.run(grid)
        for k in grid.branches.indices where grid.branches[k].inService {
            grid.branches[k].rateAMVA = max(20, (1.4 * unrated.solution.branches[k].maximumMVA).rounded())
        }
        return grid
    }

    @Test("N-1 on case118: every outage stays free of new violations at each bus's figure, one outage breaks just above")
    func case118N1() throws {
        let grid = try ratedCase118()
        let buses = [10, 59]
        let n0 = try HostingCapacity.run(grid, buses: buses, resolutionMW: 1, maximumMW: 5_000)
        let n1 = try HostingCapacity.run(grid, buses: buses, resolutionMW: 1, maximumMW: 5_000, n1: true)
        let lookup = grid.busLookup()
        let outages = grid.branches.indices.filter { grid.branches[$0].inService }
        // Each outage without the injection: what the same outage with it is judged against.
        var references: [Int: (grid: Grid, report: PowerFlowReport)] = [:]
        for k in outages {
            var out = grid
            out.branches[k].inService = false
            let report = try PowerFlowStudy.run(out, options: PowerFlowOptions(fallback: false))
            if report.converged { references[k] = (out, report) }
        }
        for (single, double) in zip(n0, n1) {
            let b = try #require(lookup[double.bus])
            #expect(double.capacityMW <= single.capacityMW)
            #expect(double.limit?.hasPrefix("outage of") == true || double.capacityMW == single.capacityMW, "\(double)")
            for k in outages {
                guard let reference = references[k] else { continue }
                #expect(try !violates(reference.grid, bus: b, injectionMW: double.capacityMW, base: reference.report),
                        "bus \(double.bus) at \(double.capacityMW) MW, branch \(k) out")
            }
            let above = double.capacityMW + 1
            var broken = try violates(grid, bus: b, injectionMW: above, base: try PowerFlowStudy.run(grid))
            for k in outages where !broken {
                guard let reference = references[k] else { continue }
                broken = try violates(reference.grid, bus: b, injectionMW: above, base: reference.report)
            }
            #expect(broken, "bus \(double.bus): nothing breaks at \(above) MW")
        }
    }

    @Test("case118 rated at 1.4 × its base flows: each bus's figure holds just below and is violated just above")
    func case118() throws {
        let grid = try ratedCase118()
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
