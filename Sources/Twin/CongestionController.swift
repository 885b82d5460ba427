/// Removes overloads and overvoltages after the power flow by charging storage beside the plants that load them
/// most and then curtailing those renewables:
/// for an overloaded branch, the plants whose injection loads it most (DC sensitivities, balanced at the
/// reference) give up just enough output, best first; when a bus is above the voltage band, the plants at load
/// (PQ) buses within 0.01 p.u. of its top give up a quarter of their output per round — not those at regulating
/// buses, whose voltage their generators hold whatever the plant injects (case300 with wind at the 1.10 p.u.
/// generator bus 191: a bus elsewhere 10⁻⁵ p.u. above the band cut that farm by 600 MW a round). What is curtailed
/// for congestion is redispatched to the cheapest generators that do not load the branch (DC sensitivities); the
/// rest falls to the reference generator. What it cannot remove is reported by the engine.
public struct CongestionController: TwinController {
    public var name: String { "congestion curtailment" }

    public init() {}

    public mutating func respond(to result: SolvedStep, step: inout StepState, context: SimulationContext) -> Bool {
        let scenario = context.scenario
        let plants = scenario.plants
        guard !plants.isEmpty else { return false }
        var changed = false
        let overloads = result.overloadedBranches(limitPercent: scenario.loadingLimitPercent, ratings: scenario.ratingsMVA)
        for k in overloads {
            let flow = result.branches[k]
            let rating = scenario.ratingsMVA[k]
            let apparent = flow.maximumMVA
            guard apparent > 0 else { continue }
            let direction: Double = flow.fromMW >= 0 ? 1 : -1
            // MW to shed from this branch's flow, with a small margin so that the next solve lands inside.
            var excess = (apparent - scenario.limitMVA(branch: k)) * abs(flow.fromMW) / apparent + 0.01 * rating
            let candidates = plants.indices.filter { plants[$0].curtailable && step.usedMW[$0] > 1e-6 }
                .map { (plant: $0, relief: direction * context.plantSensitivities[$0][k]) }
                .filter { $0.relief > 0.02 }
                .sorted { $0.relief > $1.relief }
            for candidate in candidates where excess > 0 {
                // Storage at the plant's bus soaks up what it can first (less discharge, then more charge).
                let bus = plants[candidate.plant].busPosition
                for (s, unit) in scenario.storage.enumerated() where unit.busPosition == bus && excess > 0 {
                    let lessDischarge = min(step.dischargeMW[s], excess / candidate.relief)
                    step.dischargeMW[s] -= lessDischarge
                    excess -= lessDischarge * candidate.relief
                    let room = (unit.socMax - step.stateOfCharge[s]) * unit.energyMWh / (unit.efficiency * scenario.stepHours)
                    let more = max(0, min(unit.powerMW - step.chargeMW[s], room - step.chargeMW[s], excess / candidate.relief))
                    step.chargeMW[s] += more
                    excess -= more * candidate.relief
                    if lessDischarge > 0 || more > 0 { changed = true }
                }
                guard excess > 0 else { break }
                let cut = min(step.usedMW[candidate.plant], excess / candidate.relief)
                step.usedMW[candidate.plant] -= cut
                step.congestionCurtailedMW += cut
                excess -= cut * candidate.relief
                changed = true
                Self.redispatch(cut, away: k, direction: direction, step: &step, context: context)
            }
        }
        let magnitudes = result.magnitudesPU
        let high = scenario.voltageBand.high
        if magnitudes.contains(where: { $0 > high + 1e-6 }) {
            let roles = result.network.roles.roles
            for (p, plant) in plants.enumerated() where plant.curtailable && step.usedMW[p] > 1e-6
                && magnitudes[plant.busPosition] > high - 0.01 && roles[plant.busPosition] == .pq {
                let cut = step.usedMW[p] * 0.25
                step.usedMW[p] -= cut
                step.voltageCurtailedMW += cut
                changed = true
            }
        }
        return changed
    }

    /// Replaces `megawatts` of curtailed output with dispatchable generation that does not load branch `k` in the
    /// overloaded direction: the cheapest generators with headroom (merit order, or largest headroom without costs);
    /// what they cannot take falls to the reference generator in the power flow.
    static func redispatch(_ megawatts: Double, away k: Int, direction: Double, step: inout StepState, context: SimulationContext) {
        guard !context.generatorSensitivities.isEmpty else { return }
        let grid = context.scenario.grid
        let costs = grid.generatorCosts.count >= grid.generators.count ? grid.generatorCosts : nil
        let candidates = grid.generators.indices.filter { g in
            let generator = grid.generators[g]
            let limit = generator.maximumActivePowerMW.isFinite ? generator.maximumActivePowerMW : step.generatorMW[g]
            return generator.inService && limit - step.generatorMW[g] > 1e-6
                && direction * context.generatorSensitivities[g][k] <= 0
        }.sorted { a, b in
            if let costs {
                return costs[a].marginalCost(atMW: step.generatorMW[a]) < costs[b].marginalCost(atMW: step.generatorMW[b])
            }
            return grid.generators[a].maximumActivePowerMW - step.generatorMW[a] > grid.generators[b].maximumActivePowerMW - step.generatorMW[b]
        }
        var remaining = megawatts
        for g in candidates where remaining > 1e-9 {
            let add = min(remaining, grid.generators[g].maximumActivePowerMW - step.generatorMW[g])
            step.generatorMW[g] += add
            remaining -= add
        }
    }
}
