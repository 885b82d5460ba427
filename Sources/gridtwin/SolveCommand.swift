import ArgumentParser
import Foundation
import GridNetwork
import GridFormats
import GridModel
import OutputFiles
import PowerFlow
import Reports

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

extension VoltageStart: ExpressibleByArgument {}
extension PowerFlowMethod: ExpressibleByArgument {}

/// `gridtwin solve CASE`: one power flow with a report.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve the power flow of a MATPOWER case and report voltages, flows, losses and violations.",
        discussion: """
            Newton-Raphson by default (MATPOWER's semantics and defaults). When it fails from the requested start, \
            a DC-angle start and a flat start with a line search are tried, and the report says which worked \
            (--no-fallback turns that off). Exit code 0 when the power flow converged, 1 when it did not, 2 for bad \
            input or usage.
            """
    )

    @Argument(help: "The MATPOWER case file (.m).")
    var casePath: String

    @Option(name: .long, help: "Output: table (readable report), json (one document) or csv (files in --out).")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Folder for --format csv: buses.csv, branches.csv, generators.csv.")
    var out: String?

    @Flag(name: .long, help: "Show every row of every table (default: the 20 most telling on big grids).")
    var all = false

    @Option(name: .long, help: "Method: nr (Newton-Raphson), fdxb, fdbx (fast-decoupled), dc.")
    var method: PowerFlowMethod = .newtonRaphson

    @Option(name: .customLong("init"), help: "Starting voltages: case (the bus table, MATPOWER's default) or flat.")
    var start: VoltageStart = .fromCase

    @Option(name: .long, help: "Convergence tolerance on the largest P or Q mismatch, p.u.")
    var tolerance: Double = 1e-8

    @Option(name: .long, help: "Most iterations (default 10 for nr, 30 for fdxb and fdbx).")
    var maxIterations: Int?

    @Flag(name: .long, help: "Hold generators at their reactive limits (MATPOWER's enforce_q_lims = 1).")
    var enforceQLimits = false

    @Flag(name: .long, help: "Share the active-power balance among generators (distributed slack).")
    var distributedSlack = false

    @Option(
        name: .long,
        help: "Distributed-slack factors: auto (APF, else PMAX), apf, pmax, equal, or a CSV file 'generator,factor' (1-based rows).")
    var participation: String = "auto"

    @Flag(name: .long, help: "Report the first Newton-Raphson attempt even when it fails; try no other start.")
    var noFallback = false

    @Option(name: .long, help: "Write the solved case (VM, VA, PG, QG) as a MATPOWER file.")
    var save: String?

    @Option(name: .long, help: "Solve N more times from the same start, reusing Ybus and the analysis; adds timing.warm_ms.")
    var `repeat`: Int = 0

    mutating func validate() throws {
        guard tolerance > 0, tolerance.isFinite else { throw ValidationError("--tolerance must be a positive number") }
        if let maxIterations, !(1...1000).contains(maxIterations) {
            throw ValidationError("--max-iterations must lie in 1...1000")
        }
        guard (0...100_000).contains(self.repeat) else { throw ValidationError("--repeat must lie in 0...100000") }
        if format == .csv && out == nil { throw ValidationError("--format csv needs --out DIR") }
        if method != .newtonRaphson && (enforceQLimits || distributedSlack) {
            throw ValidationError("--enforce-q-limits and --distributed-slack need --method nr")
        }
    }

    func run() throws {
        let loaded = try CaseLoading.load(casePath, quiet: format == .json)
        let settings = PowerFlowOptions(
            method: method,
            newton: NewtonRaphsonOptions(
                tolerancePU: tolerance,
                maximumIterations: maxIterations ?? (method == .newtonRaphson ? 10 : FastDecoupledPowerFlow.defaultMaximumIterations)),
            start: start, distributedSlack: try slackSource(grid: loaded.grid),
            enforceReactiveLimits: enforceQLimits, fallback: !noFallback)
        let report: PowerFlowReport
        do {
            report = try PowerFlowStudy.run(loaded.grid, options: settings)
        } catch {
            throw CommandError("\(casePath): \(error)")
        }
        let timing = try measureRepeats(grid: loaded.grid, settings: settings, report: report, parseSeconds: loaded.parseSeconds)
        switch format {
        case .table:
            print(TextReport(showAll: all).render(report, timing: timing), terminator: "")
        case .json:
            print(try SolveDocument(report: report, timing: timing).jsonText())
        case .csv:
            do {
                try CSVTables(report.solution).write(to: out!, inputs: [casePath])
            } catch {
                throw CommandError(error.description)
            }
            print("wrote buses.csv, branches.csv, generators.csv to \(out!)")
        }
        if let save {
            do {
                try OutputFile.write(
                    MatpowerCaseWriter.text(of: report.solution.solvedGrid()), to: save, kind: .matpowerCase, inputs: [casePath])
            } catch {
                throw CommandError(error.description)
            }
            if format == .table { print("\nwrote the solved case to \(save)") }
        }
        if !report.converged {
            if format != .table {
                Stderr.print("\(casePath): the power flow did not converge: \(report.outcome.failure?.description ?? "mismatch \(NumberText.scientific(report.outcome.maximumMismatchPU)) p.u. after \(report.outcome.iterations) iterations")")
            }
            throw ExitCode(1)
        }
    }

    /// The distributed-slack factors asked for, if any.
    private func slackSource(grid: Grid) throws -> SlackParticipation.Source? {
        guard distributedSlack else { return nil }
        switch participation {
        case "auto": return .automatic
        case "apf": return .participationFactors
        case "pmax": return .maximumPower
        case "equal": return .equal
        default: return .given(try ParticipationFile.read(participation, generatorCount: grid.generators.count))
        }
    }

    /// Timing of the first solve, and with --repeat, of warm re-solves and of cold rebuilt solves (Newton-Raphson).
    private func measureRepeats(grid: Grid, settings: PowerFlowOptions, report: PowerFlowReport, parseSeconds: Double)
        throws -> SolveTimingSummary
    {
        var warm: [SolveTiming] = []
        var rebuilt: [Double] = []
        if self.repeat > 0 && method == .newtonRaphson {
            let options = PowerFlowOptions(newton: settings.newton, start: settings.start, distributedSlack: settings.distributedSlack)
            let engine = try PowerFlowEngine(grid: grid, distributedSlack: settings.distributedSlack)
            let startVoltages = engine.network.initialVoltages(options.start)
            for _ in 0..<self.repeat {
                let begin = Stopwatch.now()
                var timing = engine.solveVoltages(from: startVoltages, options: options).timing
                timing.wallClock = Stopwatch.now() - begin
                warm.append(timing)
            }
            // Cold solves measured as lightsim2grid measures its own: rebuild Ybus, analyze and solve, in a warmed-up process.
            for _ in 0..<self.repeat {
                let begin = Stopwatch.now()
                let fresh = try PowerFlowEngine(grid: grid, distributedSlack: settings.distributedSlack)
                _ = fresh.solveVoltages(options: options)
                rebuilt.append(Stopwatch.now() - begin)
            }
        }
        return SolveTimingSummary(parseSeconds: parseSeconds, cold: report.timing, warm: warm, rebuiltColdSeconds: rebuilt)
    }
}
