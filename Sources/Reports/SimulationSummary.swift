import Foundation
import Twin

/// summary.json: totals of a run.
public struct SimulationSummary: Encodable {
    public struct Energy: Encodable {
        var load, renewableAvailable, renewableUsed, curtailed, congestionCurtailed, dispatchable: Double
        var storageCharge, storageDischarge, unserved, losses: Double
        var minimumGenerationCurtailed, surplusCurtailed, voltageCurtailed: Double
    }

    public struct Violations: Encodable {
        var stepsWithRemainingOverloads: Int
        var stepsWithVoltageViolations: Int
        /// Steps not run as decided (power flow diverged or dispatch infeasible): left out of every total.
        var failedSteps: Int
        var infeasibleDispatchSteps: Int
        var stepsWithReferenceOutsideLimits: Int
        /// Steps with voltage violations left, by why the set-points could not remove them
        /// (`reactive_limits`, `setpoint_range`, `unresolved`).
        var voltageViolationCauses: [String: Int]
        /// Steps where a regulating generator's reactive output was left beyond its limits (by more than 0.5 Mvar).
        var stepsWithReactiveLimitViolations: Int
    }

    var steps: Int
    var convergedSteps: Int
    var stepMinutes: Int
    var start: String
    var energyMwh: Energy
    /// Curtailed share of the available renewable energy, %.
    public private(set) var curtailmentPercent: Double
    var congestionHours: [String: Double]
    /// Hours each bus (by ID) was outside the voltage band after the controllers.
    var voltageViolationHours: [String: Double]
    /// Congestion curtailment per branch it relieved, MWh.
    var congestionCurtailmentMwh: [String: Double]
    /// Generation cost over the counted steps, $ (optimal dispatch).
    var generationCost: Double
    var maxLoadingPercent: Double
    var minVmPu: Double
    var maxVmPu: Double
    var violations: Violations
    var wallSeconds: Double
    var msPerStep: Double

    public init(_ result: SimulationResult) {
        steps = result.steps.count
        convergedSteps = result.convergedSteps
        stepMinutes = result.scenario.stepMinutes
        start = TimeAxis.text(minutes: result.scenario.startMinutes)
        energyMwh = Energy(
            load: result.energyMWh(\.loadMW), renewableAvailable: result.energyMWh(\.renewableAvailableMW),
            renewableUsed: result.energyMWh(\.renewableUsedMW), curtailed: result.energyMWh(\.curtailedMW),
            congestionCurtailed: result.energyMWh(\.congestionCurtailedMW), dispatchable: result.energyMWh(\.dispatchableMW),
            storageCharge: result.energyMWh(\.storageChargeMW), storageDischarge: result.energyMWh(\.storageDischargeMW),
            unserved: result.energyMWh(\.unservedMW), losses: result.energyMWh(\.lossesMW),
            minimumGenerationCurtailed: result.energyMWh(\.minimumGenerationCurtailedMW),
            surplusCurtailed: result.energyMWh(\.surplusCurtailedMW), voltageCurtailed: result.energyMWh(\.voltageCurtailedMW))
        generationCost = result.steps.filter(\.counted).reduce(0) { $0 + $1.generationCost }
        var byBranch: [String: Double] = [:]
        for (k, value) in result.congestionCurtailmentMWh { byBranch[SimulationOutputs.branchLabel(result, k), default: 0] += value }
        congestionCurtailmentMwh = byBranch
        curtailmentPercent = energyMwh.renewableAvailable > 0 ? energyMwh.curtailed / energyMwh.renewableAvailable * 100 : 0
        var hours: [String: Double] = [:]
        for (k, value) in result.congestionHours { hours[SimulationOutputs.branchLabel(result, k)] = value }
        congestionHours = hours
        let buses = result.scenario.grid.buses
        voltageViolationHours = Dictionary(uniqueKeysWithValues: result.voltageViolationHours.map { (String(buses[$0].id), $1) })
        let converged = result.steps.filter(\.converged)
        maxLoadingPercent = converged.map(\.maxLoadingPercent).max() ?? 0
        minVmPu = converged.map(\.minVoltagePU).min() ?? .nan
        maxVmPu = converged.map(\.maxVoltagePU).max() ?? .nan
        violations = Violations(
            stepsWithRemainingOverloads: converged.filter { $0.remainingOverloads > 0 }.count,
            stepsWithVoltageViolations: converged.filter { $0.voltageViolations > 0 }.count,
            failedSteps: result.steps.filter { !$0.counted }.count,
            infeasibleDispatchSteps: result.steps.filter { !$0.dispatchFeasible }.count,
            stepsWithReferenceOutsideLimits: converged.filter { $0.referenceOutsideLimits > 0 }.count,
            voltageViolationCauses: converged.reduce(into: [:]) { counts, step in
                if let cause = step.voltageLimitCause { counts[cause.rawValue, default: 0] += 1 }
            },
            stepsWithReactiveLimitViolations: converged.filter { $0.reactiveLimitViolations > 0 }.count)
        wallSeconds = result.wallSeconds
        msPerStep = result.steps.isEmpty ? 0 : result.wallSeconds * 1000 / Double(result.steps.count)
    }

    public func jsonText() throws -> String {
        try ReportJSON.text(self)
    }
}
