import GridModel

/// Bus shunts switched in steps by their own bus's voltage, as a control room's capacitor banks and reactors are
/// (`shunts` in a scenario). MATPOWER's BS is a fixed susceptance; here each bus with BS ≠ 0 is a bank of `steps`
/// equal steps, all in at the start (the case as given). A capacitor (BS > 0) steps out while its bus is above the
/// band and back in while it is below; a reactor (BS < 0) the other way (``ShuntSwitchingController``).
public struct ShuntSwitching: Sendable, Equatable {
    /// One switchable bank: the bus (position in the bus table) and its full susceptance.
    public struct Bank: Sendable, Equatable {
        public var busPosition: Int
        /// The case's BS: Mvar injected at 1 p.u. with every step in (> 0 capacitive, < 0 inductive).
        public var fullMvar: Double
    }

    public var banks: [Bank]
    /// Equal steps per bank.
    public var steps: Int
    /// The voltage band a bank keeps its bus in, p.u.
    public var bandPU: (low: Double, high: Double)

    /// Every bus of `grid` with a shunt susceptance is a bank.
    public init(grid: Grid, steps: Int, bandPU: (low: Double, high: Double)) {
        banks = grid.buses.indices.compactMap { b in
            grid.buses[b].shuntSusceptanceMvar != 0 ? Bank(busPosition: b, fullMvar: grid.buses[b].shuntSusceptanceMvar) : nil
        }
        self.steps = steps
        self.bandPU = bandPU
    }

    /// The susceptance bank `i` has with `stepsIn` of its steps in, Mvar at 1 p.u.
    public func susceptanceMvar(bank i: Int, stepsIn: Int) -> Double {
        banks[i].fullMvar * Double(stepsIn) / Double(steps)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.banks == rhs.banks && lhs.steps == rhs.steps && lhs.bandPU == rhs.bandPU
    }
}
