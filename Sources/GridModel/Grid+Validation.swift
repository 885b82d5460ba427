extension Grid {
    /// The largest |value| accepted for a power (MW, Mvar) or an impedance (p.u.): 10^9, far beyond any real grid
    /// (the world's installed capacity is below 10^7 MW). Larger values are typing errors, not data.
    public static let largestMagnitude = 1e9
    /// The smallest |R| + |X| of an in-service branch, p.u. (a smaller one overflows its admittance).
    public static let smallestImpedancePU = 1e-12
    /// The system bases accepted, MVA.
    public static let baseMVARange = 1e-3...1e6

    /// Every problem that makes this grid unusable for a power flow, in table order.
    ///
    /// Checked: an empty grid, a grid without branches, a base outside [10^-3, 10^6] MVA, duplicate bus numbers,
    /// values that are not finite or beyond ``largestMagnitude`` (infinite QMAX, QMIN, PMAX, PMIN and angle limits
    /// are allowed, as MATPOWER's cases use them), negative ratings (0 means unlimited), voltages outside (0, 10]
    /// p.u., branches and generators at buses that do not exist, in-service branches with zero impedance, and a
    /// grid without a reference (slack) bus.
    public func problems() -> [GridProblem] {
        var problems: [GridProblem] = []
        if buses.isEmpty {
            problems.append(GridProblem(element: .grid, field: "bus", message: "the grid has no buses"))
            return problems
        }
        if !Self.baseMVARange.contains(baseMVA) {
            problems.append(GridProblem(
                element: .grid, field: "baseMVA", message: "must be a number in [0.001, 1e6] MVA, is \(baseMVA)"))
        }
        if branches.isEmpty {
            problems.append(GridProblem(
                element: .grid, field: "branch", message: "the grid has no branches: there is no network to solve"))
        }
        func bounded(_ element: GridElement, _ checks: [(String, Double)], into problems: inout [GridProblem]) {
            for (field, value) in checks where !(abs(value) <= Self.largestMagnitude) {
                let message = value.isFinite ? "must be at most 1e9 in magnitude, is \(value)" : "must be finite, is \(value)"
                problems.append(GridProblem(element: element, field: field, message: message))
            }
        }
        func notNaN(_ element: GridElement, _ checks: [(String, Double)], into problems: inout [GridProblem]) {
            for (field, value) in checks where value.isNaN {
                problems.append(GridProblem(element: element, field: field, message: "is NaN"))
            }
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
            bounded(.bus(index), [
                ("PD", bus.demandMW), ("QD", bus.demandMvar), ("GS", bus.shuntConductanceMW),
                ("BS", bus.shuntSusceptanceMvar), ("VA", bus.voltageAngleDegrees), ("BASE_KV", bus.baseKV),
                ("VMAX", bus.maximumVoltagePU), ("VMIN", bus.minimumVoltagePU),
            ], into: &problems)
            if !(bus.voltageMagnitudePU >= 0 && bus.voltageMagnitudePU <= 10) {
                problems.append(GridProblem(
                    element: .bus(index), field: "VM", message: "must lie in [0, 10] p.u., is \(bus.voltageMagnitudePU)"))
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
            bounded(.branch(index), [
                ("BR_R", branch.resistancePU), ("BR_X", branch.reactancePU), ("BR_B", branch.chargingSusceptancePU),
                ("RATE_A", branch.rateAMVA), ("RATE_B", branch.rateBMVA), ("RATE_C", branch.rateCMVA),
                ("TAP", branch.tapRatio), ("SHIFT", branch.phaseShiftDegrees),
            ], into: &problems)
            notNaN(.branch(index), [
                ("ANGMIN", branch.minimumAngleDifferenceDegrees), ("ANGMAX", branch.maximumAngleDifferenceDegrees),
            ], into: &problems)
            for (field, rating) in [("RATE_A", branch.rateAMVA), ("RATE_B", branch.rateBMVA), ("RATE_C", branch.rateCMVA)]
            where rating < 0 {
                problems.append(GridProblem(
                    element: .branch(index), field: field, message: "must be 0 (unlimited) or positive, is \(rating)"))
            }
            if branch.inService && !(abs(branch.resistancePU) + abs(branch.reactancePU) >= Self.smallestImpedancePU) {
                problems.append(GridProblem(
                    element: .branch(index), field: "BR_X",
                    message: "branch \(branch.fromBus)-\(branch.toBus) has (almost) zero impedance: |R| + |X| < 1e-12 p.u."))
            }
            if branch.tapRatio != 0 && !(abs(branch.tapRatio) >= 1e-6 && abs(branch.tapRatio) <= 1e6) {
                problems.append(GridProblem(
                    element: .branch(index), field: "TAP", message: "must be 0 (nominal) or of magnitude in [1e-6, 1e6], is \(branch.tapRatio)"))
            }
        }
        for (index, generator) in generators.enumerated() {
            if seen[generator.bus] == nil {
                problems.append(GridProblem(
                    element: .generator(index), field: "GEN_BUS", message: "bus \(generator.bus) does not exist"))
            }
            bounded(.generator(index), [
                ("PG", generator.activePowerMW), ("QG", generator.reactivePowerMvar), ("VG", generator.voltageSetpointPU),
                ("MBASE", generator.machineBaseMVA),
            ], into: &problems)
            notNaN(.generator(index), [
                ("QMAX", generator.maximumReactivePowerMvar), ("QMIN", generator.minimumReactivePowerMvar),
                ("PMAX", generator.maximumActivePowerMW), ("PMIN", generator.minimumActivePowerMW),
            ], into: &problems)
            bounded(.generator(index), generator.capabilityCurve.enumerated().map { ("PC/QC column \($0 + 1)", $1) }
                + generator.rampRates.enumerated().map { ("RAMP column \($0 + 1)", $1) }, into: &problems)
            if let factor = generator.participationFactor { bounded(.generator(index), [("APF", factor)], into: &problems) }
            if generator.inService && !(generator.voltageSetpointPU > 0 && generator.voltageSetpointPU <= 10) {
                problems.append(GridProblem(
                    element: .generator(index), field: "VG", message: "must lie in (0, 10] p.u., is \(generator.voltageSetpointPU)"))
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
