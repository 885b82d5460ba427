/// Switches bus shunts in steps, as a control room switches its capacitor banks and reactors (``ShuntSwitching``):
/// after each power flow, every bank whose bus needs it moves one step — at a load bus, a capacitor steps out while
/// the bus is above the band and in while it is below (a reactor the other way); at a regulated bus, whose voltage
/// its generators hold, a capacitor steps out while they absorb beyond their reactive limits and in while they
/// produce beyond them (a reactor the other way). Banks stay as switched into the next step.
///
/// This is local control, as a bank's own relay does it: a violation at a bus without a bank is left to the
/// generators' set-points (``VoltageSetpointController``, which runs after it).
public struct ShuntSwitchingController: TwinController {
    public var name: String { "shunt switching" }
    /// Most switching rounds (each followed by a power flow) per step.
    public var rounds = 4
    /// Reactive output beyond a regulated bus's limits that switches its bank, Mvar.
    public var reactiveToleranceMvar = 0.5

    private var round = 0

    public init() {}

    public mutating func prepare(_ step: inout StepState, context: SimulationContext) {
        round = 0
    }

    public mutating func respond(to result: SolvedStep, step: inout StepState, context: SimulationContext) -> Bool {
        guard let switching = context.scenario.shuntSwitching, round < rounds,
              step.shuntStepsIn.count == switching.banks.count
        else { return false }
        let roles = result.network.roles.roles
        var support: [Int: SolvedStep.ReactiveSupport] = [:]
        for s in result.reactiveSupport() { support[s.bus] = s }
        var changed = false
        for (i, bank) in switching.banks.enumerated() where roles[bank.busPosition] != .isolated {
            // Whether the bus wants more reactive injection (+1), less (−1), or is fine (0).
            let wants: Int
            if let held = support[bank.busPosition] {
                wants = held.mvar > held.highMvar + reactiveToleranceMvar ? 1
                    : held.mvar < held.lowMvar - reactiveToleranceMvar ? -1 : 0
            } else {
                let magnitude = result.magnitudesPU[bank.busPosition]
                wants = magnitude < switching.bandPU.low ? 1 : magnitude > switching.bandPU.high ? -1 : 0
            }
            // A capacitor's steps inject reactive power, a reactor's absorb it.
            let move = bank.fullMvar > 0 ? wants : -wants
            let next = step.shuntStepsIn[i] + move
            if move != 0, (0...switching.steps).contains(next) {
                step.shuntStepsIn[i] = next
                changed = true
            }
        }
        round += 1
        return changed
    }
}
