import GridModel
import Numerics


/// A grid compiled for the solvers (power flow, and the estimation and dispatch built on the same physics): bus
/// positions, bus roles, per-unit injections, branch admittances and Ybus. Build it once per topology and reuse it;
/// injections can be updated in place.
public struct PowerFlowNetwork: Sendable {
    /// The grid it was compiled from.
    public private(set) var grid: Grid
    /// Position of each bus number in `grid.buses`.
    public let busIndex: BusLookup
    public let roles: BusRoles
    /// Positions of each branch's from and to bus.
    public let branchEnds: [BranchEnds]
    /// One admittance block per branch of the grid.
    public let branchAdmittances: [BranchAdmittance]
    /// Ybus, p.u.
    public let admittance: AdmittanceMatrix
    /// Net complex power injected at each bus (in-service generation − demand), p.u. (MATPOWER's `makeSbus`).
    public private(set) var injections: [Complex<Double>]
    /// Position in `grid.buses` of each generator's bus.
    public let generatorBusPositions: [Int]

    /// Compiles `grid`, which must be valid (see ``Grid/validate()``); `lookup` may pass its bus lookup when the
    /// caller has one.
    public init(grid: Grid, lookup: BusLookup? = nil) throws(NetworkError) {
        self.grid = grid
        busIndex = lookup ?? grid.busLookup()
        roles = try BusRoles(grid: grid, busIndex: busIndex)
        branchEnds = BranchEnds.all(of: grid, lookup: busIndex)
        branchAdmittances = BranchAdmittance.all(of: grid, ends: branchEnds, roles: roles.roles)
        admittance = AdmittanceMatrix(grid: grid, branchAdmittances: branchAdmittances, ends: branchEnds)
        let positions = grid.generators.map { [busIndex] in busIndex[$0.bus] ?? 0 }
        generatorBusPositions = positions
        injections = Self.injections(of: grid, generatorBusPositions: positions)
    }

    private static func injections(of grid: Grid, generatorBusPositions: [Int]) -> [Complex<Double>] {
        let base = grid.baseMVA
        var s = grid.buses.map { Complex(-$0.demandMW / base, -$0.demandMvar / base) }
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            s[generatorBusPositions[g]] += Complex(generator.activePowerMW / base, generator.reactivePowerMvar / base)
        }
        return s
    }

    /// Replaces demands and generator set points (same topology and bus roles) and recomputes the injections:
    /// what a time series or a live twin does between solves (through ``PowerFlowEngine``, which checks the counts).
    package mutating func updateInjections(
        demandMW: [Double], demandMvar: [Double], generatorMW: [Double], generatorMvar: [Double]? = nil
    ) {
        grid.setInjections(demandMW: demandMW, demandMvar: demandMvar, generatorMW: generatorMW, generatorMvar: generatorMvar)
        injections = Self.injections(of: grid, generatorBusPositions: generatorBusPositions)
    }

    /// Takes `grid`'s demands and generator set points (P, Q, VG) — a grid with the same buses, branches, bus
    /// types and statuses as this network's — and recomputes the injections.
    package mutating func replaceInjections(from grid: Grid) {
        precondition(grid.buses.count == self.grid.buses.count && grid.generators.count == self.grid.generators.count)
        self.grid = grid
        injections = Self.injections(of: grid, generatorBusPositions: generatorBusPositions)
    }

    /// Starting voltages (p.u.) as MATPOWER's `runpf` sets them: the bus table's VM∠VA (or flat), with
    /// |V| = VG at reference and PV buses (the last in-service generator in the table wins).
    public func initialVoltages(_ start: VoltageStart = .fromCase) -> [Complex<Double>] {
        var magnitude = grid.buses.map { start == .flat ? 1.0 : $0.voltageMagnitudePU }
        var angle = grid.buses.map { $0.voltageAngleDegrees * .pi / 180 }
        if start == .flat, let reference = roles.slack.first {
            let referenceAngle = angle[reference]
            for b in angle.indices where roles.roles[b] != .slack { angle[b] = referenceAngle }
        }
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            let b = generatorBusPositions[g]
            if roles.roles[b] == .pv || roles.roles[b] == .slack {
                magnitude[b] = generator.voltageSetpointPU
            }
        }
        return zip(magnitude, angle).map { Complex($0 * .cos($1), $0 * .sin($1)) }
    }
}
