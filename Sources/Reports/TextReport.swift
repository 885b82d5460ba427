import GridModel
import GridNetwork
import PowerFlow

/// The human-readable report of `gridtwin solve`: summary, violations, then bus, branch and generator tables.
public struct TextReport {
    /// Rows per table when not showing all.
    public var rowLimit: Int
    /// Show every row of every table.
    public var showAll: Bool

    public init(showAll: Bool = false, rowLimit: Int = 20) {
        self.showAll = showAll
        self.rowLimit = rowLimit
    }

    public func render(_ report: PowerFlowReport, timing: SolveTimingSummary?) -> String {
        let solution = report.solution
        let grid = solution.grid
        var out = ""
        let inModel = solution.roles.roles.filter { $0 != .isolated }.count
        out += "\(grid.name): \(grid.buses.count) buses (\(inModel) in the model), \(grid.branches.count) branches, "
        out += "\(grid.generators.count) generators, base \(NumberText.fixed(grid.baseMVA, 0)) MVA\n"
        let methodName: String
        switch report.method {
        case .newtonRaphson: methodName = "Newton-Raphson"
        case .fastDecoupledXB: methodName = "fast-decoupled (XB)"
        case .fastDecoupledBX: methodName = "fast-decoupled (BX)"
        case .dc: methodName = "DC"
        }
        if report.method == .dc {
            out += "DC power flow (lossless, |V| = 1 p.u.), "
        } else if report.converged {
            out += "Converged in \(report.outcome.iterations) \(methodName) iterations, "
        } else {
            out += "NOT CONVERGED after \(report.outcome.iterations) iterations"
            if let failure = report.outcome.failure { out += " (\(failure))" }
            out += ", "
        }
        out += "max mismatch \(NumberText.scientific(report.outcome.maximumMismatchPU)) p.u."
        if let timing { out += ", \(NumberText.fixed(timing.coldMs, 2)) ms" }
        out += "\n"
        if let strategy = report.strategy {
            out += "\nStart strategy:\n"
            for (index, attempt) in strategy.attempts.enumerated() {
                let verdict = index == strategy.chosen ? "used" : (attempt.rejection ?? "not needed")
                out += "  \(index + 1). \(attempt.description): \(attempt.converged ? "converged" : "failed") in \(attempt.iterations) iterations — \(verdict)\n"
            }
        }
        if let limits = report.reactiveLimits {
            out += "\nReactive limits: \(limits.limitedGenerators.count) generator(s) held at a limit after \(limits.rounds) power flows"
            if let bus = limits.newReferenceBus { out += "; the reference moved to bus \(bus)" }
            out += "\n"
            for entry in limits.limitedGenerators {
                out += "  generator \(entry.generator + 1) at bus \(entry.bus): \(entry.limit == .maximum ? "QMAX" : "QMIN") = \(NumberText.fixed(entry.reactivePowerMvar, 2)) Mvar (bus now PQ)\n"
            }
            if let failure = limits.failure { out += "  stopped: \(failure)\n" }
        }
        if report.islands.count > 1 {
            out += "\nIslands: \(report.islands.count)\n"
            for (index, island) in report.islands.enumerated() {
                out += "  \(index + 1). \(island.buses.count) buses, "
                if island.isEnergized, let reference = island.referenceBus {
                    out += "reference bus \(grid.buses[reference].id)\(island.referenceWasChosen ? " (chosen: largest generator)" : "")\n"
                } else {
                    out += "no generation: de-energized, \(NumberText.fixed(island.demandMW, 2)) MW of load lost\n"
                }
            }
        }
        if !report.converged {
            out += "\nMismatch by iteration (worst bus):\n"
            for record in report.outcome.history {
                let bus = record.worstBusPosition >= 0 ? "bus \(grid.buses[record.worstBusPosition].id) (\(record.worstIsReactive ? "Q" : "P"))" : "-"
                out += "  \(record.iteration): \(NumberText.scientific(record.maximumMismatchPU)) p.u. at \(bus)\n"
            }
        }
        let generation = solution.totalGeneration
        let demand = grid.totalDemand
        out += "\n"
        var totals = TextTable(["", "MW", "Mvar"])
        totals.append(["generation", NumberText.fixed(generation.mw, 2), NumberText.fixed(generation.mvar, 2)])
        totals.append(["load", NumberText.fixed(demand.mw, 2), NumberText.fixed(demand.mvar, 2)])
        totals.append(["branch losses", NumberText.fixed(solution.lossesMW, 2), NumberText.fixed(solution.lossesMvar, 2)])
        out += totals.render()
        let magnitudes = solution.magnitudesPU, angles = solution.anglesDegrees
        if let low = magnitudes.indices.filter({ solution.roles.roles[$0] != .isolated }).min(by: { magnitudes[$0] < magnitudes[$1] }),
            let high = magnitudes.indices.filter({ solution.roles.roles[$0] != .isolated }).max(by: { magnitudes[$0] < magnitudes[$1] })
        {
            out += "voltage range: \(NumberText.fixed(magnitudes[low], 4)) p.u. at bus \(grid.buses[low].id) to "
            out += "\(NumberText.fixed(magnitudes[high], 4)) p.u. at bus \(grid.buses[high].id)\n"
        }

        out += "\nViolations: \(solution.violations.isEmpty ? "none" : String(solution.violations.count))\n"
        if !solution.violations.isEmpty {
            var table = TextTable(["kind", "element", "value", "limit", "unit"])
            let sorted = solution.violations.sorted { $0.excess / max(abs($0.limit), 1) > $1.excess / max(abs($1.limit), 1) }
            for violation in limited(sorted) {
                table.append([
                    violation.kind.rawValue, violation.element, NumberText.fixed(violation.value, 4),
                    NumberText.fixed(violation.limit, 4), violation.unit,
                ])
            }
            out += table.render() + more(sorted.count)
        }

        // Buses: all in table order, or the furthest from 1 p.u. first.
        var busOrder = Array(grid.buses.indices)
        if !showAll && grid.buses.count > rowLimit {
            busOrder.sort { abs(magnitudes[$0] - 1) > abs(magnitudes[$1] - 1) }
        }
        out += "\nBuses" + (showAll || grid.buses.count <= rowLimit ? "" : " (furthest from 1 p.u. first)") + ":\n"
        var buses = TextTable(["bus", "type", "Vm p.u.", "Va deg", "Pd MW", "Qd Mvar"])
        for b in limited(busOrder) {
            let bus = grid.buses[b]
            buses.append([
                String(bus.id), solution.roles.roles[b] == .isolated ? "ISO" : roleLabel(solution.roles.roles[b]),
                NumberText.fixed(magnitudes[b], 4), NumberText.fixed(angles[b], 3),
                NumberText.fixed(bus.demandMW, 2), NumberText.fixed(bus.demandMvar, 2),
            ])
        }
        out += buses.render() + more(busOrder.count)

        var branchOrder = Array(grid.branches.indices)
        if !showAll && grid.branches.count > rowLimit {
            branchOrder.sort {
                let a = solution.branches[$0], b = solution.branches[$1]
                return (a.loadingPercent ?? -1, a.maximumMVA) > (b.loadingPercent ?? -1, b.maximumMVA)
            }
        }
        out += "\nBranches" + (showAll || grid.branches.count <= rowLimit ? "" : " (most loaded first)") + ":\n"
        var branches = TextTable(["#", "from", "to", "P from MW", "Q from Mvar", "P to MW", "Q to Mvar", "loss MW", "loading %"])
        for k in limited(branchOrder) {
            let branch = grid.branches[k], flow = solution.branches[k]
            branches.append([
                String(k + 1), String(branch.fromBus), String(branch.toBus) + (branch.inService ? "" : " (out)"),
                NumberText.fixed(flow.fromMW, 2), NumberText.fixed(flow.fromMvar, 2),
                NumberText.fixed(flow.toMW, 2), NumberText.fixed(flow.toMvar, 2),
                NumberText.fixed(flow.lossMW, 3), NumberText.fixed(flow.loadingPercent, 1),
            ])
        }
        out += branches.render() + more(branchOrder.count)

        var generatorOrder = Array(grid.generators.indices)
        if !showAll && grid.generators.count > rowLimit {
            generatorOrder.sort { solution.generators[$0].activeMW > solution.generators[$1].activeMW }
        }
        out += "\nGenerators" + (showAll || grid.generators.count <= rowLimit ? "" : " (largest first)") + ":\n"
        var generators = TextTable(["#", "bus", "P MW", "Q Mvar", "Qmin", "Qmax", "status"])
        for g in limited(generatorOrder) {
            let generator = grid.generators[g], dispatch = solution.generators[g]
            generators.append([
                String(g + 1), String(generator.bus), NumberText.fixed(dispatch.activeMW, 2),
                NumberText.fixed(dispatch.reactiveMvar, 2), NumberText.fixed(generator.minimumReactivePowerMvar, 1),
                NumberText.fixed(generator.maximumReactivePowerMvar, 1), generator.inService ? "on" : "off",
            ])
        }
        out += generators.render() + more(generatorOrder.count)
        return out
    }

    private func roleLabel(_ role: BusRole) -> String {
        switch role {
        case .slack: return "REF"
        case .pv: return "PV"
        case .pq: return "PQ"
        case .isolated: return "ISO"
        }
    }

    private func limited<T>(_ rows: [T]) -> ArraySlice<T> { showAll ? rows[...] : rows.prefix(rowLimit) }

    private func more(_ count: Int) -> String {
        showAll || count <= rowLimit ? "" : "… \(count - rowLimit) more rows (--all shows every row)\n"
    }
}
