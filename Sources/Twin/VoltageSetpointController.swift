import GridModel
import GridNetwork
import PowerFlow

/// Keeps the regulating generators' reactive outputs within their limits and bus voltages inside the scenario's band
/// by moving the generators' voltage set-points — the secondary voltage control of a control room, as a linear
/// program on the power flow's sensitivities (``VoltageSetpointProblem``) re-solved after each AC power flow for a
/// few rounds. (The step's power flow holds set-points with whatever reactive power it takes; this controller is
/// what keeps that within the machines' capability.)
///
/// Only committed units regulate (the stepper takes units switched off out of the network). A set-point moves at
/// most ``maximumStepPU`` per round and stays inside the band; reactive limits come first, then the band. What the
/// set-points cannot fix is classified (``VoltageLimitCause``): the limits stopped them, or no set-point in the band
/// reaches the bus. Set-points persist into the next step (each step starts from the last one's voltages).
public struct VoltageSetpointController: TwinController {
    public var name: String { "voltage set-points" }
    /// Most set-point rounds (each followed by a power flow) per step.
    public var rounds = 3
    /// Largest set-point change per round, p.u.
    public var maximumStepPU = 0.04
    /// Violations smaller than this are left alone, p.u. and Mvar.
    public var tolerancePU = 1e-4
    public var reactiveToleranceMvar = 0.5

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
        let outside = roles.indices.contains { b in
            roles[b] != .isolated && (magnitudes[b] > band.high + tolerancePU || magnitudes[b] < band.low - tolerancePU)
        }
        let grid = network.grid
        // The regulating buses (committed units only: the stepper takes the others out of the network).
        let support = result.reactiveSupport()
        let beyondLimits = support.contains { $0.excessMvar > reactiveToleranceMvar }
        guard outside || beyondLimits else {
            step.voltageLimitCause = nil
            return false
        }
        guard round < rounds else {
            if outside && step.voltageLimitCause == nil { step.voltageLimitCause = .unresolved }
            return false
        }
        guard !support.isEmpty,
            let sensitivities = try? VoltageSensitivities(
                network: network, voltages: result.voltages, controls: support.map(\.bus))
        else {
            step.voltageLimitCause = .unresolved
            return false
        }
        // The sensitivities keep the regulating buses' order (all are PV or reference buses).
        let reactive = support.map(\.mvar)
        let reactiveLimits: [(low: Double, high: Double)?] = support.map { s in
            s.lowMvar.isFinite && s.highMvar.isFinite && s.lowMvar <= s.highMvar ? (s.lowMvar, s.highMvar) : nil
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
        let moves = problem.changesPU.contains { abs($0) > 1e-5 }
        if outside && problem.remainingViolationPU > tolerancePU {
            // Would set-points anywhere in the band reach the buses if the reactive limits did not stop them? Asked
            // when no further round will move them: until then the violations are `unresolved`.
            if !moves || round == rounds - 1 {
                let free = solve(limited: false, step: band.high - band.low)
                step.voltageLimitCause = (free?.remainingViolationPU ?? .infinity) > tolerancePU ? .setpointRange : .reactiveLimits
            } else {
                step.voltageLimitCause = .unresolved
            }
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
