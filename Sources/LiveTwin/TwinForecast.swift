import Foundation
import Numerics
import Twin

/// The twin run forward from the present (`POST /v1/forecast`): the served scenario's steps from the one that holds
/// the latest estimate's measurement time, for the hours asked, each dispatched (the scenario's controller: the
/// optimal dispatch by default) and solved by the AC power flow, starting from the estimated voltages. The scenario's
/// profiles are the forecast of load, wind and sun.
public struct TwinForecast: Sendable, Codable, Equatable {
    public struct Step: Sendable, Codable, Equatable {
        /// Step start, seconds since 1970 (the scenario's naive times read as UTC).
        public var time: Double
        public var loadMW: Double
        public var renewableAvailableMW: Double
        public var curtailedMW: Double
        public var unservedMW: Double
        public var lossesMW: Double
        public var maxLoadingPercent: Double
        public var minVmPu: Double
        public var maxVmPu: Double
        public var remainingOverloads: Int
        public var voltageViolations: Int
        public var converged: Bool
    }

    /// The longest forecast, hours.
    public static let maximumHours = 168.0

    public var fromMeasuredAt: Double
    public var steps: [Step]

    /// Runs `scenario` forward for `hours` from the step holding `measuredAt`, from `voltages`.
    public static func run(
        scenario: PreparedScenario, measuredAt: Double, voltages: [Complex<Double>], hours: Double
    ) throws(RequestProblem) -> TwinForecast {
        guard hours > 0, hours <= maximumHours else { throw RequestProblem("hours: a forecast covers (0, \(Int(maximumHours))] hours") }
        let minutes = Int((measuredAt / 60).rounded(.down))
        let index = (minutes - scenario.startMinutes) / scenario.stepMinutes
        guard minutes >= scenario.startMinutes, index < scenario.stepCount else {
            throw RequestProblem("the present (\(Int(measuredAt)) s) is outside the scenario's time axis")
        }
        let count = min(scenario.stepCount - index, max(1, Int((hours * 60 / Double(scenario.stepMinutes)).rounded(.up))))
        let stepper: TwinStepper
        do {
            stepper = try TwinStepper(scenario: scenario)
        } catch {
            throw RequestProblem("the scenario cannot be stepped: \(error)")
        }
        var state = stepper.initialState()
        if voltages.count == state.voltages.count { state.voltages = voltages }
        var steps: [Step] = []
        for t in index..<(index + count) {
            let record = stepper.advance(stepper.inputs(at: t), state: &state).record
            steps.append(Step(
                time: Double(record.timeMinutes) * 60, loadMW: record.loadMW, renewableAvailableMW: record.renewableAvailableMW,
                curtailedMW: record.curtailedMW, unservedMW: record.unservedMW, lossesMW: record.lossesMW,
                maxLoadingPercent: record.maxLoadingPercent, minVmPu: record.minVoltagePU, maxVmPu: record.maxVoltagePU,
                remainingOverloads: record.remainingOverloads, voltageViolations: record.voltageViolations,
                converged: record.converged))
        }
        return TwinForecast(fromMeasuredAt: measuredAt, steps: steps)
    }
}
