import GridModel
import Optimization

/// Dispatches each step by optimization instead of rules — a DC security-constrained economic dispatch with unit
/// decommitment, solved by COIN-OR (Cbc when a unit has a minimum, Clp otherwise):
///
/// minimise Σ cost(Pg) + no-load cost·ug + curtailment penalty·(available − used) + VOLL·unserved
/// subject to the balance (generation + renewables used + storage discharge − charge + unserved = load + the previous
/// step's losses), PMIN·ug ≤ Pg ≤ PMAX·ug (ug ∈ {0, 1}; PMIN binds only on committed units), ramp limits
/// (RAMP_AGC × step) when asked, used ≤ available (= available when not curtailable), storage power and state-of-charge
/// limits with efficiencies, and the DC flow limits of the monitored branches (PTDF rows from the network core, added
/// lazily: only the branches that the previous round overloaded, as industrial SCED does).
///
/// The AC power flow follows as for every controller; ``CongestionController`` after it removes what AC (reactive
/// flows) overloads beyond the DC model. Costs: gencost's average marginal cost over [0, PMAX] per MWh and its constant
/// term as the no-load cost of a committed unit (0 without gencost).
///
/// Not yet here (see the open dispatch issue): a look-ahead window with storage foresight, minimum up and down times
/// and start-up costs across steps, prices in the outputs.
public struct OptimalDispatchController: TwinController {
    public var name: String { "optimal dispatch" }

    /// Cost of a curtailed MWh, $ (small: renewables are used whenever the network and the balance allow).
    public var curtailmentPenalty = 1.0
    /// Value of lost load, $/MWh.
    public var valueOfLostLoad = 10_000.0
    /// Cost of a MWh through storage (charge plus discharge), $: keeps charging and discharging from running at once.
    public var storageCycleCost = 0.01
    /// Most rounds of adding overloaded branches' flow limits.
    public var flowLimitRounds = 6

    public init() {}

    public mutating func prepare(_ step: inout StepState, context: SimulationContext) {
        let scenario = context.scenario
        let grid = scenario.grid
        let hours = scenario.stepHours
        var program = LinearProgram()
        // Generators: P and, for units with a minimum, the commitment.
        var power = [Int](repeating: -1, count: grid.generators.count)
        var commitment = [Int](repeating: -1, count: grid.generators.count)
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            var high = max(0, generator.maximumActivePowerMW.isFinite ? generator.maximumActivePowerMW : 1e6)
            let low = min(max(0, generator.minimumActivePowerMW), high)
            var rampLow = 0.0
            if scenario.rampLimits, let ramp = generator.rampRates.first, ramp > 0 {
                let reach = ramp * Double(scenario.stepMinutes)
                high = min(high, context.previousGeneratorMW[g] + reach)
                rampLow = max(0, context.previousGeneratorMW[g] - reach)
            }
            let (marginal, noLoad) = Self.costs(of: g, in: grid, upTo: high)
            if low > 0 {
                power[g] = program.addColumn(cost: marginal, lower: 0, upper: high)
                commitment[g] = program.addColumn(cost: noLoad, lower: 0, upper: 1, integer: true)
                program.addRow([(power[g], 1), (commitment[g], -max(low, rampLow))], lower: 0, upper: .infinity)
                program.addRow([(power[g], 1), (commitment[g], -high)], lower: -.infinity, upper: 0)
            } else {
                power[g] = program.addColumn(cost: marginal, lower: min(rampLow, high), upper: high)
            }
        }
        // Renewables: used ≤ available; curtailment costs the penalty (cost −penalty per MWh used, + constant).
        let used = scenario.plants.indices.map { p in
            let available = step.availableMW[p]
            return program.addColumn(
                cost: -curtailmentPenalty, lower: scenario.plants[p].curtailable ? 0 : available, upper: available)
        }
        // Storage: charge and discharge within power and the state of charge.
        var charge: [Int] = [], discharge: [Int] = []
        for (s, unit) in scenario.storage.enumerated() {
            let room = max(0, (unit.socMax - step.stateOfCharge[s]) * unit.energyMWh / (unit.efficiency * hours))
            let stored = max(0, (step.stateOfCharge[s] - unit.socMin) * unit.energyMWh / hours)
            charge.append(program.addColumn(cost: storageCycleCost / 2, lower: 0, upper: min(unit.powerMW, room)))
            discharge.append(program.addColumn(cost: storageCycleCost / 2, lower: 0, upper: min(unit.powerMW, stored)))
        }
        let load = step.totalDemandMW
        let unserved = program.addColumn(cost: valueOfLostLoad, lower: 0, upper: max(0, load))
        // The balance.
        var terms: [(column: Int, value: Double)] = power.filter { $0 >= 0 }.map { ($0, 1.0) }
        terms += used.map { ($0, 1.0) } + discharge.map { ($0, 1.0) } + charge.map { ($0, -1.0) } + [(unserved, 1.0)]
        let need = load + context.previousLossesMW
        program.addRow(terms, lower: need, upper: need)

        // Flow limits, added for the branches each round overloads (DC).
        var solution = LinearProgramSolver.solve(program)
        var limited = Set<Int>()
        let canLimit = !context.loadFlowsMW.isEmpty && !context.generatorSensitivities.isEmpty
        for _ in 0..<(canLimit ? flowLimitRounds : 0) where solution.status == .optimal {
            let flows = dcFlows(solution.values, power: power, used: used, charge: charge, discharge: discharge,
                                unserved: unserved, load: load, context: context)
            let overloaded = scenario.ratingsMVA.indices.filter { k in
                let limit = scenario.ratingsMVA[k] * scenario.loadingLimitPercent / 100
                return scenario.ratingsMVA[k] > 0 && !limited.contains(k) && abs(flows[k]) > limit + 1e-6
            }
            guard !overloaded.isEmpty else { break }
            for k in overloaded {
                limited.insert(k)
                let limit = scenario.ratingsMVA[k] * scenario.loadingLimitPercent / 100
                var row: [(column: Int, value: Double)] = []
                for (g, column) in power.enumerated() where column >= 0 {
                    row.append((column, context.generatorSensitivities[g][k]))
                }
                for (p, column) in used.enumerated() { row.append((column, context.plantSensitivities[p][k])) }
                for (s, unit) in scenario.storage.indices.enumerated() {
                    let factor = context.storageSensitivities.isEmpty ? 0 : context.storageSensitivities[unit][k]
                    row.append((discharge[s], factor))
                    row.append((charge[s], -factor))
                }
                // Shedding lowers every load in proportion, and so the loads' flow.
                if load > 0 { row.append((unserved, -context.loadFlowsMW[k] / load)) }
                let base = context.loadFlowsMW[k]
                program.addRow(row, lower: -limit - base, upper: limit - base)
            }
            solution = LinearProgramSolver.solve(program)
        }
        guard solution.status == .optimal else { return }  // keeps the step's inputs; the AC loop reports what remains
        for (g, column) in power.enumerated() { step.generatorMW[g] = column >= 0 ? max(0, solution.values[column]) : 0 }
        for (p, column) in used.enumerated() { step.usedMW[p] = min(step.availableMW[p], max(0, solution.values[column])) }
        for s in scenario.storage.indices {
            step.chargeMW[s] = max(0, solution.values[charge[s]])
            step.dischargeMW[s] = max(0, solution.values[discharge[s]])
        }
        step.unservedMW = max(0, solution.values[unserved])
        // What the flow limits forced out counts as congestion curtailment; the rest balanced a surplus.
        if !limited.isEmpty {
            var relaxed = program
            relaxed.removeRows(from: program.rowCount - limited.count)
            let free = LinearProgramSolver.solve(relaxed)
            if free.status == .optimal {
                let freeUsed = used.reduce(0) { $0 + free.values[$1] }, actualUsed = step.usedMW.reduce(0, +)
                step.congestionCurtailedMW += max(0, freeUsed - actualUsed)
            }
        }
    }

    /// DC flows (MW) of a candidate dispatch: the loads' flows plus each controllable injection's PTDF column.
    private func dcFlows(
        _ x: [Double], power: [Int], used: [Int], charge: [Int], discharge: [Int], unserved: Int, load: Double,
        context: SimulationContext
    ) -> [Double] {
        var flows = context.loadFlowsMW
        if load > 0 {
            let shed = x[unserved] / load
            for k in flows.indices { flows[k] *= 1 - shed }
        }
        for (g, column) in power.enumerated() where column >= 0 && x[column] != 0 {
            for k in flows.indices { flows[k] += context.generatorSensitivities[g][k] * x[column] }
        }
        for (p, column) in used.enumerated() where x[column] != 0 {
            for k in flows.indices { flows[k] += context.plantSensitivities[p][k] * x[column] }
        }
        if !context.storageSensitivities.isEmpty {
            for s in charge.indices {
                let net = x[discharge[s]] - x[charge[s]]
                guard net != 0 else { continue }
                for k in flows.indices { flows[k] += context.storageSensitivities[s][k] * net }
            }
        }
        return flows
    }

    /// A generator's average marginal cost over [0, `maximumMW`] ($/MWh) and its no-load cost ($/h), from gencost.
    static func costs(of g: Int, in grid: Grid, upTo maximumMW: Double) -> (marginal: Double, noLoad: Double) {
        guard g < grid.generatorCosts.count else { return (0, 0) }
        let cost = grid.generatorCosts[g]
        let top = max(maximumMW, 1)
        let marginal = (cost.marginalCost(atMW: 0) + cost.marginalCost(atMW: top)) / 2
        let noLoad = cost.model == 2 ? max(0, cost.parameters.last ?? 0) : 0
        return (marginal.isFinite ? marginal : 0, noLoad.isFinite ? noLoad : 0)
    }
}
