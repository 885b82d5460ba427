import GridModel
import GridNetwork
import Numerics

/// One-call AC power flow: compile the grid, analyze, Newton-Raphson, post-process.
///
/// For repeated solves of one topology, keep a ``PowerFlowEngine`` instead.
public enum ACPowerFlow {
    /// Solves `grid` (which must be valid) by Newton-Raphson.
    public static func solve(_ grid: Grid, options: PowerFlowOptions = PowerFlowOptions()) throws(PowerFlowError)
        -> PowerFlowReport
    {
        let engine = try PowerFlowEngine(grid: grid, distributedSlack: options.distributedSlack)
        var report = engine.solve(options: options)
        report.timing.admittance = engine.admittanceSeconds
        report.timing.analysis = engine.analysisSeconds
        report.timing.total += engine.admittanceSeconds + engine.analysisSeconds
        return report
    }
}
