import GridModel
import GridNetwork
import Numerics

/// Runs a power-flow study: the chosen method, islands, a robust start for Newton-Raphson, reactive limits.
public enum PowerFlowStudy {
    /// Below this |V| (p.u.) anywhere, a converged Newton-Raphson solution is taken for the wrong (low-voltage)
    /// solution of the power-flow equations, and the next strategy is tried.
    public static let lowVoltageThresholdPU = 0.5

    /// Runs the study. `engine`, when given, is a Newton-Raphson engine already built for `grid` with these
    /// settings' distributed slack; it is reused instead of building another.
    public static func run(
        _ grid: Grid, options: PowerFlowOptions = PowerFlowOptions(), engine existing: PowerFlowEngine? = nil
    ) throws(PowerFlowError) -> PowerFlowReport {
        let settings = options
        switch settings.method {
        case .dc:
            return try DCPowerFlow.solve(grid)
        case .fastDecoupledXB, .fastDecoupledBX:
            return try FastDecoupledPowerFlow.solve(
                grid, variant: settings.method == .fastDecoupledXB ? .xb : .bx, options: options)
        case .newtonRaphson:
            break
        }
        let engine: PowerFlowEngine
        if let existing {
            engine = existing
        } else {
            engine = try PowerFlowEngine(grid: grid, distributedSlack: settings.distributedSlack)
        }
        var (report, strategy) = robustSolve(engine: engine, grid: grid, settings: settings, options: options)
        report.timing.admittance = engine.admittanceSeconds
        report.timing.analysis = engine.analysisSeconds
        report.timing.total += engine.admittanceSeconds + engine.analysisSeconds
        if settings.enforceReactiveLimits && report.converged {
            let outcome = try ReactiveLimitEnforcement.solve(
                grid, options: options, initialVoltages: report.solution.voltages, engine: engine)
            let firstTiming = report.timing
            report = outcome.report
            report.timing.admittance += firstTiming.admittance
            report.timing.analysis += firstTiming.analysis
            report.timing.newton = firstTiming.newton + report.timing.newton
            report.outcome.iterations = outcome.totalIterations + (strategy?.attempts[strategy!.chosen].iterations ?? 0)
            report.reactiveLimits = ReactiveLimitSummary(
                limitedGenerators: outcome.limitedGenerators, rounds: outcome.rounds, totalIterations: outcome.totalIterations,
                newReferenceBus: outcome.newReferenceBus, failure: outcome.failure)
            if let failure = outcome.failure {
                report.outcome.converged = false
                report.outcome.failure = .reactiveLimits(failure)
            }
        }
        report.strategy = strategy
        return report
    }

    /// The first attempt as asked; on failure, a DC-angle start with a line search, then a flat start with one.
    /// Returns the strategy report only when more than one attempt was made.
    static func robustSolve(
        engine: PowerFlowEngine, grid: Grid, settings: PowerFlowOptions, options: PowerFlowOptions
    ) -> (PowerFlowReport, SolveStrategyReport?) {
        let first = engine.solve(options: options)
        let firstProblem = problem(with: first)
        guard settings.fallback, firstProblem != nil else { return (first, nil) }
        var attempts = [
            SolveStrategyReport.Attempt(
                description: "newton-raphson from \(settings.start == .flat ? "a flat start" : "the case's voltages")",
                converged: first.converged, iterations: first.outcome.iterations,
                finalMismatchPU: first.outcome.maximumMismatchPU, rejection: firstProblem)
        ]
        var reports = [first]
        var robust = options
        robust.newton.stepControl = .lineSearch
        robust.newton.maximumIterations = max(options.newton.maximumIterations, 40)
        // Each candidate is computed only when the ones before it failed.
        let candidates: [(String, () -> [Complex<Double>]?)] = [
            ("newton-raphson with a line search after fast-decoupled (XB) iterations from a flat start", {
                fastDecoupledWarmUp(engine: engine)
            }),
            ("newton-raphson with a line search from DC angles", {
                dcAngleStart(engine: engine, grid: grid, start: settings.start)
            }),
            ("newton-raphson with a line search from a flat start", { engine.network.initialVoltages(.flat) }),
        ]
        for (description, makeStart) in candidates {
            guard let start = makeStart() else { continue }
            let report = engine.solve(from: start, options: robust)
            let rejection = problem(with: report)
            attempts.append(SolveStrategyReport.Attempt(
                description: description, converged: report.converged, iterations: report.outcome.iterations,
                finalMismatchPU: report.outcome.maximumMismatchPU, rejection: rejection))
            reports.append(report)
            if rejection == nil { break }
        }
        // The accepted attempt, else the first converged one, else the one that got closest.
        let chosen = attempts.firstIndex { $0.rejection == nil }
            ?? attempts.firstIndex { $0.converged }
            ?? attempts.indices.min { attempts[$0].finalMismatchPU < attempts[$1].finalMismatchPU }!
        return (reports[chosen], SolveStrategyReport(attempts: attempts, chosen: chosen))
    }

    /// Why a Newton-Raphson result is not acceptable, or nil.
    static func problem(with report: PowerFlowReport) -> String? {
        guard report.converged else { return report.outcome.failure?.description ?? "did not converge" }
        let roles = report.solution.roles.roles
        let lowest = report.solution.voltages.indices.filter { roles[$0] != .isolated }
            .map { report.solution.voltages[$0].length }.min() ?? 1
        if lowest < lowVoltageThresholdPU {
            return "converged to a low-voltage solution (|V| down to \((lowest * 1000).rounded() / 1000) p.u.)"
        }
        return nil
    }

    /// Voltages after up to 60 fast-decoupled half-iteration pairs from a flat start (stopping at a mismatch of
    /// 1e-4 p.u.): B′ and B″ are constant, so the first steps are steadier than Newton's from far away.
    static func fastDecoupledWarmUp(engine: PowerFlowEngine) -> [Complex<Double>]? {
        let options = PowerFlowOptions(newton: NewtonRaphsonOptions(tolerancePU: 1e-4, maximumIterations: 60), start: .flat)
        guard let report = try? FastDecoupledPowerFlow.solve(
            engine.network.grid, variant: .xb, options: options, initialVoltages: engine.network.initialVoltages(.flat)),
            report.outcome.maximumMismatchPU.isFinite
        else { return nil }
        return report.outcome.voltages
    }

    /// Starting voltages with the DC power flow's angles and the asked-for magnitudes.
    static func dcAngleStart(engine: PowerFlowEngine, grid: Grid, start: VoltageStart) -> [Complex<Double>]? {
        guard let dc = try? DCPowerFlow.solve(grid) else { return nil }
        let base = engine.network.initialVoltages(start)
        return zip(base, dc.solution.voltages).map { v, angle in
            let magnitude = v.length
            let length = angle.length
            guard length > 0 else { return v }
            return Complex(magnitude * angle.real / length, magnitude * angle.imaginary / length)
        }
    }
}
