import GridModel
import Numerics

/// Options of an AC power flow.
public struct PowerFlowOptions: Sendable, Equatable {
    public var newton: NewtonRaphsonOptions
    public var start: VoltageStart

    public init(newton: NewtonRaphsonOptions = NewtonRaphsonOptions(), start: VoltageStart = .fromCase) {
        self.newton = newton
        self.start = start
    }
}

/// Where the time of one power flow went, seconds.
public struct PowerFlowTiming: Sendable, Equatable {
    /// Compiling the network: bus roles, injections, branch admittances and Ybus.
    public var admittance: Double = 0
    /// Jacobian pattern and KLU's symbolic analysis.
    public var analysis: Double = 0
    /// The Newton iterations.
    public var newton = SolveTiming()
    /// Post-processing: flows, generator outputs, violations.
    public var results: Double = 0
    /// Everything above.
    public var total: Double = 0

    public init() {}
}

/// A solved (or not converged) AC power flow with its diagnostics.
public struct PowerFlowReport: Sendable {
    public var solution: PowerFlowSolution
    public var outcome: NewtonRaphsonOutcome
    public var timing: PowerFlowTiming

    public var converged: Bool { outcome.converged }
}

/// One-call AC power flow: compile the grid, analyze, Newton-Raphson, post-process.
///
/// For repeated solves of one topology, keep a ``PowerFlowNetwork`` and a ``NewtonRaphsonSolver`` instead.
public enum ACPowerFlow {
    /// Solves `grid` (which must be valid) by Newton-Raphson.
    public static func solve(_ grid: Grid, options: PowerFlowOptions = PowerFlowOptions()) throws(PowerFlowError)
        -> PowerFlowReport
    {
        var timing = PowerFlowTiming()
        let start = Stopwatch.now()
        let network = try PowerFlowNetwork(grid: grid)
        let compiled = Stopwatch.now()
        timing.admittance = compiled - start
        let solver = try NewtonRaphsonSolver(network: network)
        timing.analysis = Stopwatch.now() - compiled
        let outcome = solver.solve(
            admittance: network.admittance, injections: network.injections, start: network.initialVoltages(options.start),
            options: options.newton)
        timing.newton = outcome.timing
        let solved = Stopwatch.now()
        let solution = PowerFlowSolution(network: network, voltages: outcome.voltages)
        let end = Stopwatch.now()
        timing.results = end - solved
        timing.total = end - start
        return PowerFlowReport(solution: solution, outcome: outcome, timing: timing)
    }
}
