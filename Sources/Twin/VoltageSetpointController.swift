import GridModel
import GridNetwork
import PowerFlow

/// Keeps bus voltages inside the scenario's band by moving the voltage set-points of the regulating generators
/// within their reactive limits — the secondary voltage control of a control room, as a linear program on the
/// power flow's sensitivities (``VoltageSetpointProblem``) re-solved after each AC power flow for a few rounds.
///
/// Only buses with a committed unit regulate (a unit switched off keeps its bus's set-point where it was). A
/// set-point moves at most ``maximumStepPU`` per round and stays inside the band; a regulating bus's reactive
/// output may not go beyond its generators' limits (or further beyond, when it already is). What the set-points
/// cannot fix is classified (``VoltageLimitCause``): the limits stopped them, or no set-point in the band reaches
/// the bus. Set-points persist into the next step (each step starts from the last one's voltages).
public struct VoltageSetpointController: TwinController {
    public var name: String { "voltage set-points" }
    /// Most set-point rounds (each followed by a power flow) per step.
    public var rounds = 3
    /// Largest set-point change per round, p.u.
    public var maximumStepPU = 0.04
    /// Violations smaller than this are left alone, p.u.
    public var tolerancePU = 1e-4

    private var round = 0

    public init() {}

    public mutating func prepare(_ step: inout StepState, context: SimulationContext) {
        round = 0
    }

    public mutating func respond(to result: SolvedStep, step: inout StepState, context: SimulationContext) -> Bool {
        let scenario = context.scenario, band = scenario.voltageBand
        let network = result.network
        let roles = network.roles.roles
        let magnitudes = result.magnitudesPU
        let outside = roles.indices.filter { b in
            roles[b] != .isolated && (magnitudes[b] > band.high + tolerancePU || magnitudes[b] < band.low - tolerancePU)
        }
        guard !outside.isEmpty else {
            step.voltageLimitCause = nil
            return false
        }
        guard round < rounds else {
            if step.voltageLimitCause == nil { step.voltageLimitCause = .unresolved }
            return false
        }
        let grid = network.grid
        // Regulating buses with a committed unit, and their units' reactive limits.
        var limits: [Int: (low: Double, high: Double)] = [:]
        var regulating = Set<Int>()
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            let b = network.generatorBusPositions[g]
            guard roles[b] == .pv || roles[b] == .slack else { continue }
            if step.committed.isEmpty || step.committed[g] { regulating.insert(b) }
            let now = limits[b] ?? (0, 0)
            limits[b] = (now.low + generator.minimumReactivePowerMvar, now.high + generator.maximumReactivePowerMvar)
        }
        guard !regulating.isEmpty,
            let sensitivities = try? VoltageSensitivities(
                network: network, voltages: result.voltages, controls: regulating.sorted())
        else {
            step.voltageLimitCause = .unresolved
            return false
        }
        let injected = network.injectedPowerMVA(voltages: result.voltages)
        let reactive = sensitivities.controls.map { injected[$0].imaginary + grid.buses[$0].demandMvar }
        let reactiveLimits: [(low: Double, high: Double)?] = sensitivities.controls.map { b in
            guard let l = limits[b], l.low.isFinite, l.high.isFinite, l.low <= l.high else { return nil }
            return l
        }
        let watched = roles.indices.filter { b in
            roles[b] == .pq
                && (magnitudes[b] > band.high - VoltageSetpointProblem.watchMargin
                    || magnitudes[b] < band.low + VoltageSetpointProblem.watchMargin)
        }
        func solve(limited: Bool, step maximum: Double) -> VoltageSetpointProblem? {
            VoltageSetpointProblem(
                sensitivities: sensitivities, magnitudesPU: magnitudes, watched: watched, band: band,
                reactiveMvar: reactive, reactiveLimitsMvar: reactiveLimits, baseMVA: grid.baseMVA,
                maximumStepPU: maximum, withReactiveLimits: limited)
        }
        guard let problem = solve(limited: true, step: maximumStepPU) else {
            step.voltageLimitCause = .unresolved
            return false
        }
        if problem.remainingViolationPU > tolerancePU {
            // Would set-points anywhere in the band reach the buses if the reactive limits did not stop them?
            let free = solve(limited: false, step: band.high - band.low)
            step.voltageLimitCause = (free?.remainingViolationPU ?? .infinity) > tolerancePU ? .setpointRange : .reactiveLimits
        } else {
            step.voltageLimitCause = nil
        }
        var changed = false
        for (j, b) in problem.controls.enumerated() where abs(problem.changesPU[j]) > 1e-5 {
            step.voltageSetpointsPU[b] = magnitudes[b] + problem.changesPU[j]
            changed = true
        }
        round += 1
        return changed
    }
}
