import Foundation
import ScenarioFiles
import Testing
import Twin

/// A scenario on a small grid written beside it, with constant profiles (`wind` and `load` = 1).
private func run(grid: String, scenario: String, method: String) throws -> SimulationResult {
    let folder = NSTemporaryDirectory() + "gridtwin-dispatch-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try grid.write(toFile: folder + "/grid.m", atomically: true, encoding: .utf8)
    try "time,wind,load\n2016-01-01T00:00,1,1\n2016-01-01T01:00,1,1\n2016-01-01T02:00,1,1\n"
        .write(toFile: folder + "/p.csv", atomically: true, encoding: .utf8)
    try """
        grid: grid.m
        time: {start: 2016-01-01T00:00, step: 1h, steps: 3}
        profiles: p.csv
        dispatch: {method: \(method)}
        \(scenario)
        """.write(toFile: folder + "/s.yaml", atomically: true, encoding: .utf8)
    return try TimeSeriesSimulation(scenario: try PreparedScenario.load(folder + "/s.yaml")).run()
}

private func caseText(bus: String, gen: String, branch: String, gencost: String) -> String {
    """
    function mpc = small
    mpc.version = '2';
    mpc.baseMVA = 100;
    mpc.bus = [
    \(bus)
    ];
    mpc.gen = [
    \(gen)
    ];
    mpc.branch = [
    \(branch)
    ];
    mpc.gencost = [
    \(gencost)
    ];
    """
}

@Suite("Optimal dispatch")
struct OptimalDispatchTests {
    @Test("a wind farm behind a 50 MVA radial line delivers the line's limit; the rest is curtailed for congestion")
    func limitedLine() throws {
        let grid = caseText(
            bus: """
                1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
                2 1 100 0 0 0 1 1 0 230 1 1.1 0.9;
                3 1 0 0 0 0 1 1 0 230 1 1.1 0.9;
                """,
            gen: "1 0 0 300 -300 1 100 1 500 0;",
            branch: """
                1 2 0.001 0.05 0 0 0 0 0 0 1;
                2 3 0.001 0.05 0 50 50 50 0 0 1;
                """,
            gencost: "2 0 0 3 0 20 0;")
        let result = try run(
            grid: grid, scenario: "renewables:\n  - {name: w, bus: 3, kind: wind, capacity_mw: 300, profile: wind}",
            method: "optimal")
        for step in result.steps {
            #expect(step.converged)
            #expect(step.renewableUsedMW > 48 && step.renewableUsedMW <= 50 + 1e-6, "\(step.renewableUsedMW)")
            #expect(abs(step.curtailedMW - (300 - step.renewableUsedMW)) < 1e-6)
            // Without the limit, wind would cover the 100 MW load; the line forces out 50 MW of that (congestion); the
            // other 200 MW have no load to serve (surplus).
            #expect(abs(step.congestionCurtailedMW - 50) < 1, "\(step.congestionCurtailedMW)")
            #expect(step.remainingOverloads == 0)
        }
    }

    @Test("a unit at its minimum is switched off rather than curtailing renewables (the rules curtail 80 MW)")
    func decommitment() throws {
        let grid = caseText(
            bus: """
                1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
                2 2 100 0 0 0 1 1 0 230 1 1.1 0.9;
                """,
            gen: """
                1 0 0 300 -300 1 100 1 500 0;
                2 80 0 300 -300 1 100 1 200 80;
                """,
            branch: "1 2 0.001 0.05 0 0 0 0 0 0 1;",
            gencost: "2 0 0 3 0 30 0;\n2 0 0 3 0 10 0;")
        let scenario = "renewables:\n  - {name: w, bus: 2, kind: wind, capacity_mw: 100, profile: wind}"
        let optimal = try run(grid: grid, scenario: scenario, method: "optimal")
        let rules = try run(grid: grid, scenario: scenario, method: "merit-order")
        for (o, r) in zip(optimal.steps, rules.steps) {
            #expect(o.converged && r.converged)
            #expect(o.curtailedMW < 1e-6, "optimal curtails \(o.curtailedMW) MW")
            #expect(abs(r.curtailedMW - 80) < 1, "the rules keep the unit at PMIN and curtail \(r.curtailedMW) MW")
        }
        // The unit with a minimum is off in the optimal dispatch.
        #expect(optimal.generatorMW.allSatisfy { $0[1] < 1e-6 })
    }

    @Test("every step balances: dispatchable + renewables used + discharge + unserved = load + losses + charge")
    func balance() throws {
        let grid = caseText(
            bus: """
                1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
                2 1 100 20 0 0 1 1 0 230 1 1.1 0.9;
                3 1 50 10 0 0 1 1 0 230 1 1.1 0.9;
                """,
            gen: "1 0 0 300 -300 1 100 1 500 0;\n3 0 0 300 -300 1 100 1 100 0;",
            branch: "1 2 0.01 0.05 0.02 0 0 0 0 0 1;\n2 3 0.01 0.05 0.02 0 0 0 0 0 1;\n1 3 0.01 0.05 0.02 0 0 0 0 0 1;",
            gencost: "2 0 0 3 0 30 0;\n2 0 0 3 0 10 0;")
        let result = try run(
            grid: grid,
            scenario: """
                renewables:
                  - {name: w, bus: 2, kind: wind, capacity_mw: 200, profile: wind}
                storage:
                  - {name: b, bus: 2, power_mw: 20, energy_mwh: 80}
                """,
            method: "optimal")
        for step in result.steps where step.converged {
            let supply = step.dispatchableMW + step.renewableUsedMW + step.storageDischargeMW + step.unservedMW
            #expect(abs(supply - (step.loadMW + step.lossesMW + step.storageChargeMW)) < 1e-3)
        }
    }
}
