import ArgumentParser
import Foundation
import GridFormats
import PowerFlow
import Reports

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

extension VoltageStart: ExpressibleByArgument {}

/// `gridtwin solve CASE`: one AC power flow with a report.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve the AC power flow of a MATPOWER case by Newton-Raphson and report it.",
        discussion: """
            Exit code 0 when the power flow converged, 1 when it did not, 2 for bad input or usage.
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

    @Option(name: .customLong("init"), help: "Starting voltages: case (the bus table, MATPOWER's default) or flat.")
    var start: VoltageStart = .fromCase

    @Option(name: .long, help: "Convergence tolerance on the largest P or Q mismatch, p.u.")
    var tolerance: Double = 1e-8

    @Option(name: .long, help: "Most Newton-Raphson iterations.")
    var maxIterations: Int = 10

    @Option(name: .long, help: "Solve N more times from the same start, reusing Ybus and the analysis; adds timing.warm_ms.")
    var `repeat`: Int = 0


    mutating func validate() throws {
        guard tolerance > 0, tolerance.isFinite else { throw ValidationError("--tolerance must be a positive number") }
        guard maxIterations >= 1 else { throw ValidationError("--max-iterations must be at least 1") }
        guard self.repeat >= 0 else { throw ValidationError("--repeat must be 0 or more") }
        if format == .csv && out == nil { throw ValidationError("--format csv needs --out DIR") }
    }

    func run() throws {
        let loaded = try CaseLoading.load(casePath, quiet: format == .json)
        let options = PowerFlowOptions(
            newton: NewtonRaphsonOptions(tolerancePU: tolerance, maximumIterations: maxIterations), start: start)
        let engine: PowerFlowEngine
        do {
            engine = try PowerFlowEngine(grid: loaded.grid)
        } catch {
            throw CommandError("\(casePath): \(error)")
        }
        var report = engine.solve(options: options)
        report.timing.admittance = engine.admittanceSeconds
        report.timing.analysis = engine.analysisSeconds
        report.timing.total += engine.admittanceSeconds + engine.analysisSeconds
        var warm: [SolveTiming] = []
        var rebuilt: [Double] = []
        if self.repeat > 0 {
            let startVoltages = engine.network.initialVoltages(options.start)
            for _ in 0..<self.repeat {
                warm.append(engine.solveVoltages(from: startVoltages, options: options).timing)
            }
            // Cold solves measured as lightsim2grid measures its own: rebuild Ybus, analyze and solve, in a warmed-up process.
            for _ in 0..<self.repeat {
                let begin = Stopwatch.now()
                guard let fresh = try? PowerFlowEngine(grid: loaded.grid) else { break }
                _ = fresh.solveVoltages(options: options)
                rebuilt.append(Stopwatch.now() - begin)
            }
        }
        let timing = SolveTimingSummary(
            parseSeconds: loaded.parseSeconds, cold: report.timing, warm: warm, rebuiltColdSeconds: rebuilt)
        switch format {
        case .table:
            print(TextReport(showAll: all).render(report, timing: timing), terminator: "")
        case .json:
            print(try SolveDocument(report: report, timing: timing).jsonText())
        case .csv:
            try CSVTables(report.solution).write(to: out!)
            print("wrote buses.csv, branches.csv, generators.csv to \(out!)")
        }
        if !report.converged {
            if format != .table {
                Stderr.print("\(casePath): the power flow did not converge: \(report.outcome.failure ?? "mismatch \(report.outcome.maximumMismatchPU) p.u. after \(report.outcome.iterations) iterations")")
            }
            throw ExitCode(1)
        }
    }
}
