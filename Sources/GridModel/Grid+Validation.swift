extension Grid {
    /// Every problem that makes this grid unusable for a power flow, in table order.
    ///
    /// Checked: an empty grid, a non-positive base, duplicate bus numbers, non-finite values where a finite one is
    /// needed, branches and generators at buses that do not exist, in-service branches with zero impedance, and a
    /// grid without a reference (slack) bus.
    public func problems() -> [GridProblem] {
        var problems: [GridProblem] = []
        if buses.isEmpty {
            problems.append(GridProblem(element: .grid, field: "bus", message: "the grid has no buses"))
            return problems
        }
        if !(baseMVA > 0) || !baseMVA.isFinite {
            problems.append(GridProblem(element: .grid, field: "baseMVA", message: "must be a positive number, is \(baseMVA)"))
        }
        var seen = [Int: Int]()
        for (index, bus) in buses.enumerated() {
            if let first = seen[bus.id] {
                problems.append(GridProblem(
                    element: .bus(index), field: "BUS_I",
                    message: "bus number \(bus.id) is already used by bus row \(first + 1)"))
            } else {
                seen[bus.id] = index
            }
            for (field, value) in [
                ("PD", bus.demandMW), ("QD", bus.demandMvar), ("GS", bus.shuntConductanceMW),
                ("BS", bus.shuntSusceptanceMvar), ("VM", bus.voltageMagnitudePU), ("VA", bus.voltageAngleDegrees),
            ] where !value.isFinite {
                problems.append(GridProblem(element: .bus(index), field: field, message: "must be finite, is \(value)"))
            }
        }
        for (index, branch) in branches.enumerated() {
            if seen[branch.fromBus] == nil {
                problems.append(GridProblem(
                    element: .branch(index), field: "F_BUS", message: "bus \(branch.fromBus) does not exist"))
            }
            if seen[branch.toBus] == nil {
                problems.append(GridProblem(
                    element: .branch(index), field: "T_BUS", message: "bus \(branch.toBus) does not exist"))
            }
            for (field, value) in [
                ("BR_R", branch.resistancePU), ("BR_X", branch.reactancePU), ("BR_B", branch.chargingSusceptancePU),
                ("TAP", branch.tapRatio), ("SHIFT", branch.phaseShiftDegrees),
            ] where !value.isFinite {
                problems.append(GridProblem(element: .branch(index), field: field, message: "must be finite, is \(value)"))
            }
            if branch.inService && branch.resistancePU == 0 && branch.reactancePU == 0 {
                problems.append(GridProblem(
                    element: .branch(index), field: "BR_X",
                    message: "branch \(branch.fromBus)-\(branch.toBus) has zero impedance (R = X = 0)"))
            }
        }
        for (index, generator) in generators.enumerated() {
            if seen[generator.bus] == nil {
                problems.append(GridProblem(
                    element: .generator(index), field: "GEN_BUS", message: "bus \(generator.bus) does not exist"))
            }
            for (field, value) in [
                ("PG", generator.activePowerMW), ("QG", generator.reactivePowerMvar), ("VG", generator.voltageSetpointPU),
            ] where !value.isFinite {
                problems.append(GridProblem(element: .generator(index), field: field, message: "must be finite, is \(value)"))
            }
        }
        if !buses.contains(where: { $0.type == .slack }) {
            problems.append(GridProblem(
                element: .grid, field: "BUS_TYPE", message: "no reference (slack) bus: no bus has type 3"))
        }
        return problems
    }

    /// Throws the first of ``problems()``, if any.
    public func validate() throws(GridProblem) {
        if let first = problems().first { throw first }
    }
}
