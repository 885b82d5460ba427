/// Balances each step before its power flow: dispatchable generators cover the residual load (load + estimated
/// losses − renewables) in merit order (gencost) or by PMAX shares, within PMIN/PMAX and ramp limits; a surplus
/// charges storage, then curtails renewables; a shortage discharges storage, then is left unserved. Between the
/// two, stored energy is discharged first, displacing dispatchable generation above its minimum.
public struct BalancingController: TwinController {
    public var name: String { "balancing" }

    public init() {}

    public mutating func prepare(_ step: inout StepState, context: SimulationContext) {
        let scenario = context.scenario
        let grid = scenario.grid
        let hours = scenario.stepHours
        var lower = [Double](repeating: 0, count: grid.generators.count)
        var upper = lower
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            var low = max(0, generator.minimumActivePowerMW), high = max(low, generator.maximumActivePowerMW.isFinite ? generator.maximumActivePowerMW : 1e6)
            if scenario.rampLimits, let ramp = generator.rampRates.first, ramp > 0 {
                let previous = context.previousGeneratorMW[g]
                let reach = ramp * Double(scenario.stepMinutes)
                low = max(low, min(high, previous - reach))
                high = min(high, max(low, previous + reach))
            }
            lower[g] = low
            upper[g] = high
        }
        let minimum = lower.reduce(0, +), maximum = upper.reduce(0, +)
        let need = step.totalDemandMW + context.previousLossesMW - step.availableMW.reduce(0, +)
        step.usedMW = step.availableMW
        if need < minimum {
            var surplus = minimum - need
            for (s, unit) in scenario.storage.enumerated() where surplus > 0 {
                let room = (unit.socMax - step.stateOfCharge[s]) * unit.energyMWh / (unit.efficiency * hours)
                let charge = max(0, min(unit.powerMW, room, surplus))
                step.chargeMW[s] = charge
                surplus -= charge
            }
            let curtailable = scenario.plants.indices.filter { scenario.plants[$0].curtailable }
            let flexible = curtailable.reduce(0) { $0 + step.usedMW[$1] }
            if surplus > 0 && flexible > 0 {
                let fraction = min(1, surplus / flexible)
                for p in curtailable { step.usedMW[p] -= step.usedMW[p] * fraction }
                surplus -= min(surplus, flexible)
            }
            step.generatorMW = lower
        } else if need > maximum {
            let shortage = Self.discharge(need - maximum, storage: scenario.storage, step: &step, hours: hours)
            step.unservedMW = min(shortage, step.totalDemandMW)
            step.generatorMW = upper
        } else {
            step.generatorMW = lower
            // Stored (renewable) energy displaces dispatchable generation above its minimum.
            var remaining = Self.discharge(need - minimum, storage: scenario.storage, step: &step, hours: hours)
            let order = grid.generators.indices.filter { grid.generators[$0].inService }
            if scenario.dispatchMethod == .meritOrder && grid.generatorCosts.count >= grid.generators.count {
                let sorted = order.sorted {
                    grid.generatorCosts[$0].marginalCost(atMW: lower[$0]) < grid.generatorCosts[$1].marginalCost(atMW: lower[$1])
                }
                for g in sorted where remaining > 0 {
                    let add = min(upper[g] - lower[g], remaining)
                    step.generatorMW[g] += add
                    remaining -= add
                }
            } else {
                // By PMAX shares of the headroom, capped at each generator's limit.
                var open = order.filter { upper[$0] > lower[$0] }
                while remaining > 1e-9 && !open.isEmpty {
                    let weights = open.map { max(grid.generators[$0].maximumActivePowerMW.isFinite ? grid.generators[$0].maximumActivePowerMW : 1, 1e-6) }
                    let total = weights.reduce(0, +)
                    var spent = 0.0
                    for (i, g) in open.enumerated() {
                        let add = min(upper[g] - step.generatorMW[g], remaining * weights[i] / total)
                        step.generatorMW[g] += add
                        spent += add
                    }
                    remaining -= spent
                    open.removeAll { upper[$0] - step.generatorMW[$0] < 1e-9 }
                    if spent < 1e-12 { break }
                }
            }
        }
    }
}

extension BalancingController {
    /// Discharges the storage units in order to cover `amountMW` (each within its power and its stored energy above
    /// SOC_MIN over the step); returns what is left uncovered, MW.
    static func discharge(_ amountMW: Double, storage: [StorageUnit], step: inout StepState, hours: Double) -> Double {
        var remaining = amountMW
        for (s, unit) in storage.enumerated() where remaining > 0 {
            let stored = (step.stateOfCharge[s] - unit.socMin) * unit.energyMWh / hours
            let discharge = max(0, min(unit.powerMW, stored, remaining))
            step.dischargeMW[s] = discharge
            remaining -= discharge
        }
        return remaining
    }
}
