import GridModel

/// What an edit of a grid changes for a power-flow engine, and so what the engine must redo (lightsim2grid's
/// `SolverControl`, power-grid-model's `UpdateChange`).
public enum NetworkChange: Sendable, Equatable {
    /// Nothing the power flow uses.
    case none
    /// Demands, generator P/Q or voltage set points: the injections (and start voltages) only.
    case injections
    /// Branch impedances, charging, taps, phase shifts or bus shunts, with the same topology and bus roles: Ybus
    /// values on the same pattern, so the Jacobian's analysis still holds.
    case admittanceValues
    /// A status, a bus type, a branch's ends, the element counts or a generator's limits: everything anew.
    case rebuilt

    /// The change from `old` to `new`.
    public static func between(_ old: Grid, _ new: Grid) -> NetworkChange {
        guard old.baseMVA == new.baseMVA, old.buses.count == new.buses.count, old.branches.count == new.branches.count,
            old.generators.count == new.generators.count
        else { return .rebuilt }
        var change = NetworkChange.none
        for (a, b) in zip(old.buses, new.buses) {
            guard a.id == b.id, a.type == b.type else { return .rebuilt }
            if a.shuntConductanceMW != b.shuntConductanceMW || a.shuntSusceptanceMvar != b.shuntSusceptanceMvar {
                change = .admittanceValues
            } else if change == .none && (a.demandMW != b.demandMW || a.demandMvar != b.demandMvar) {
                change = .injections
            }
        }
        for (a, b) in zip(old.branches, new.branches) {
            guard a.fromBus == b.fromBus, a.toBus == b.toBus, a.inService == b.inService else { return .rebuilt }
            if a.resistancePU != b.resistancePU || a.reactancePU != b.reactancePU
                || a.chargingSusceptancePU != b.chargingSusceptancePU || a.tapRatio != b.tapRatio
                || a.phaseShiftDegrees != b.phaseShiftDegrees
            {
                change = .admittanceValues
            } else if change == .none && a != b {
                change = .injections  // ratings and angle limits: nothing to redo, but the grid is new
            }
        }
        for (a, b) in zip(old.generators, new.generators) {
            guard a.bus == b.bus, a.inService == b.inService, a.maximumActivePowerMW == b.maximumActivePowerMW,
                a.participationFactor == b.participationFactor
            else { return .rebuilt }
            if change == .none && a != b { change = .injections }
        }
        if change == .none && old != new { change = .injections }
        return change
    }
}
