import GridModel
import GridNetwork
import Numerics

/// The solved state of a grid, post-processed as MATPOWER's `pfsoln`: bus voltages, generator outputs (the
/// reference generator's P, each voltage-controlling bus's Q shared among its generators in proportion to their
/// reactive ranges), branch flows at both ends, losses and limit violations.
public struct PowerFlowSolution: Sendable {
    /// The grid that was solved.
    public let grid: Grid
    /// Bus voltages, p.u., bus-table order.
    public let voltages: [Complex<Double>]
    /// Bus roles used in the solve.
    public let roles: BusRoles
    /// One per generator (zero for generators out of service or on isolated buses).
    public let generators: [GeneratorDispatch]
    /// One per branch (zero for branches out of the model).
    public let branches: [BranchFlow]
    /// Total branch losses: Σ (P_from + P_to), MW, and Σ (Q_from + Q_to), Mvar.
    public let lossesMW: Double
    public let lossesMvar: Double
    /// Bus voltage, branch loading and generator limit violations.
    public let violations: [LimitViolation]

    /// Post-processes `voltages` on `network`; generator outputs follow MATPOWER's `pfsoln` unless `generatorDispatch`
    /// gives them (one per generator), as an outer loop that fixed some of them does.
    ///
    /// With a distributed slack (`participation` and the solved `slackPowerPU` per reference bus), each participating
    /// generator's P is its set point plus its share of its island's slack power, instead of the reference generator
    /// taking it all.
    public init(
        network: PowerFlowNetwork, voltages: [Complex<Double>], generatorDispatch: [GeneratorDispatch]? = nil,
        participation: SlackParticipation? = nil, slackPowerPU: [Double]? = nil
    ) {
        let grid = network.grid
        self.grid = grid
        self.voltages = voltages
        roles = network.roles
        if let generatorDispatch {
            generators = generatorDispatch
        } else {
            let currents = network.admittance.multiply(voltages)
            var distributed: (SlackParticipation, [Double])?
            if let participation, let slackPowerPU { distributed = (participation, slackPowerPU) }
            generators = Self.dispatch(network: network, voltages: voltages, currents: currents, distributed: distributed)
        }
        let flows = network.branchFlows(voltages: voltages)
        branches = flows
        lossesMW = flows.reduce(0) { $0 + $1.lossMW }
        lossesMvar = flows.reduce(0) { $0 + $1.lossMvar }
        violations = Self.violations(
            grid: grid, roles: network.roles, voltages: voltages, branches: flows, generators: generators,
            generatorBusPositions: network.generatorBusPositions, checkAllActivePower: participation != nil)
    }

    /// A solution whose flows and generator outputs were computed elsewhere (e.g. a DC power flow); losses are
    /// summed from the flows and limits checked here.
    public init(
        grid: Grid, roles: BusRoles, voltages: [Complex<Double>], generators: [GeneratorDispatch], branches: [BranchFlow]
    ) {
        self.grid = grid
        self.roles = roles
        self.voltages = voltages
        self.generators = generators
        self.branches = branches
        lossesMW = branches.reduce(0) { $0 + $1.lossMW }
        lossesMvar = branches.reduce(0) { $0 + $1.lossMvar }
        let lookup = grid.busLookup()
        violations = Self.violations(
            grid: grid, roles: roles, voltages: voltages, branches: branches, generators: generators,
            generatorBusPositions: grid.generators.map { lookup[$0.bus] ?? -1 }, checkAllActivePower: false)
    }

    /// |V| per bus, p.u.
    public var magnitudesPU: [Double] { voltages.map(\.length) }
    /// Voltage angle per bus, degrees.
    public var anglesDegrees: [Double] { voltages.map { .atan2(y: $0.imaginary, x: $0.real) * 180 / .pi } }

    /// Total in-service generation, MW and Mvar.
    public var totalGeneration: (mw: Double, mvar: Double) {
        generators.reduce((0, 0)) { ($0.0 + $1.activeMW, $0.1 + $1.reactiveMvar) }
    }

    /// The grid with the solved state written back (bus VM and VA, generator PG and QG), as MATPOWER's `runpf`
    /// returns it: solving it again converges at once.
    public func solvedGrid() -> Grid {
        var solved = grid
        let magnitudes = magnitudesPU, angles = anglesDegrees
        for b in solved.buses.indices where roles.roles[b] != .isolated {
            solved.buses[b].voltageMagnitudePU = magnitudes[b]
            solved.buses[b].voltageAngleDegrees = angles[b]
        }
        for g in solved.generators.indices where solved.generators[g].inService {
            solved.generators[g].activePowerMW = generators[g].activeMW
            solved.generators[g].reactivePowerMvar = generators[g].reactiveMvar
        }
        return solved
    }

    // MARK: - Generators (MATPOWER pfsoln)

    private static func dispatch(
        network: PowerFlowNetwork, voltages: [Complex<Double>], currents: [Complex<Double>],
        distributed: (participation: SlackParticipation, slackPowerPU: [Double])?
    ) -> [GeneratorDispatch] {
        let grid = network.grid
        let base = grid.baseMVA
        var result = grid.generators.map { GeneratorDispatch(activeMW: $0.inService ? $0.activePowerMW : 0, reactiveMvar: 0) }
        // In-service generators at buses in the model, grouped by bus.
        var groupOfBus = [Int](repeating: -1, count: grid.buses.count)
        var groups: [(bus: Int, gens: [Int])] = []
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            let b = network.generatorBusPositions[g]
            guard network.roles.roles[b] != .isolated else { continue }
            if groupOfBus[b] < 0 {
                groupOfBus[b] = groups.count
                groups.append((b, []))
            }
            groups[groupOfBus[b]].gens.append(g)
        }
        func injected(_ b: Int) -> Complex<Double> { voltages[b] * currents[b].conjugate }
        // Q: injection + local demand, split equally, then in proportion to reactive ranges.
        for (b, gens) in groups {
            let total = injected(b).imaginary * base + grid.buses[b].demandMvar
            let equal = total / Double(gens.count)
            if gens.count == 1 {
                result[gens[0]].reactiveMvar = total
                continue
            }
            // Finite proxy for infinite limits: Σ over the bus's generators of |Qg| plus their finite limits.
            var proxy = 0.0
            for g in gens {
                let generator = grid.generators[g]
                proxy += abs(equal)
                if generator.maximumReactivePowerMvar.isFinite { proxy += abs(generator.maximumReactivePowerMvar) }
                if generator.minimumReactivePowerMvar.isFinite { proxy += abs(generator.minimumReactivePowerMvar) }
            }
            func finite(_ value: Double) -> Double { value == .infinity ? proxy : (value == -.infinity ? -proxy : value) }
            let qMin = gens.map { finite(grid.generators[$0].minimumReactivePowerMvar) }
            let qMax = gens.map { finite(grid.generators[$0].maximumReactivePowerMvar) }
            let busMin = qMin.reduce(0, +), busMax = qMax.reduce(0, +)
            if busMin == busMax {
                for g in gens { result[g].reactiveMvar = equal }
            } else {
                let share = (total - busMin) / (busMax - busMin + Double.ulpOfOne)
                for (j, g) in gens.enumerated() { result[g].reactiveMvar = qMin[j] + share * (qMax[j] - qMin[j]) }
            }
        }
        if let distributed {
            // Distributed slack: every participating generator takes its share of its island's slack power.
            for (g, share) in distributed.participation.generatorShare.enumerated() where share > 0 {
                let reference = distributed.participation.referenceOfBus[network.generatorBusPositions[g]]
                result[g].activeMW += share * distributed.slackPowerPU[reference] * base
            }
            return result
        }
        // P of the reference bus's first generator: what the bus injects + local demand − the other generators there.
        let active = network.referenceBalancedDispatch { injected($0).real * base }
        for g in result.indices { result[g].activeMW = active[g] }
        return result
    }

    // MARK: - Limits

    private static func violations(
        grid: Grid, roles: BusRoles, voltages: [Complex<Double>], branches: [BranchFlow], generators: [GeneratorDispatch],
        generatorBusPositions: [Int], checkAllActivePower: Bool
    ) -> [LimitViolation] {
        let violationTolerance = 1e-6
        var found: [LimitViolation] = []
        for (b, bus) in grid.buses.enumerated() where roles.roles[b] != .isolated {
            let vm = voltages[b].length
            if bus.maximumVoltagePU > 0 && vm > bus.maximumVoltagePU + violationTolerance {
                found.append(LimitViolation(
                    kind: .voltageHigh, element: "bus \(bus.id)", index: b, value: vm, limit: bus.maximumVoltagePU, unit: "p.u."))
            }
            if bus.minimumVoltagePU > 0 && vm < bus.minimumVoltagePU - violationTolerance {
                found.append(LimitViolation(
                    kind: .voltageLow, element: "bus \(bus.id)", index: b, value: vm, limit: bus.minimumVoltagePU, unit: "p.u."))
            }
        }
        for (k, flow) in branches.enumerated() {
            guard let loading = flow.loadingPercent, loading > 100 + violationTolerance else { continue }
            let branch = grid.branches[k]
            found.append(LimitViolation(
                kind: .branchOverload, element: "branch \(branch.fromBus)-\(branch.toBus)", index: k, value: loading,
                limit: 100, unit: "%"))
        }
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            let b = generatorBusPositions[g]
            guard b >= 0, roles.roles[b] != .isolated else { continue }
            let name = "generator \(g + 1) at bus \(generator.bus)"
            // (checked, value, lower limit, upper limit, kinds, unit): P where the solve sets it, Q at voltage control.
            let checks: [(Bool, Double, Double, Double, (LimitViolation.Kind, LimitViolation.Kind), String)] = [
                (checkAllActivePower || roles.roles[b] == .slack, generators[g].activeMW, generator.minimumActivePowerMW,
                 generator.maximumActivePowerMW, (.activePowerLow, .activePowerHigh), "MW"),
                (roles.roles[b] == .pv || roles.roles[b] == .slack, generators[g].reactiveMvar,
                 generator.minimumReactivePowerMvar, generator.maximumReactivePowerMvar, (.reactivePowerLow, .reactivePowerHigh),
                 "Mvar"),
            ]
            for (checked, value, low, high, kinds, unit) in checks where checked {
                if value > high + violationTolerance {
                    found.append(LimitViolation(kind: kinds.1, element: name, index: g, value: value, limit: high, unit: unit))
                }
                if value < low - violationTolerance {
                    found.append(LimitViolation(kind: kinds.0, element: name, index: g, value: value, limit: low, unit: unit))
                }
            }
        }
        return found
    }
}
