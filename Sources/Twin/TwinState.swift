import Numerics

/// What a twin carries from one step to the next.
public struct TwinState: Sendable {
    /// Per storage unit: state of charge at the next step's start, fraction of capacity.
    public var stateOfCharge: [Double]
    /// Generator outputs of the last step, MW (ramp limits start from them).
    public var generatorMW: [Double]
    /// Losses of the last step, MW (the next balance's estimate).
    public var lossesMW: Double
    /// Bus voltages of the last converged step, p.u. (the next power flow starts from them).
    public var voltages: [Complex<Double>]
    /// Per switched shunt bank (``ShuntSwitching``): steps in at the next step's start; empty without shunt switching.
    public var shuntStepsIn: [Int] = []
}
