import ScenarioFiles
import Reports
import ArgumentParser
import Foundation
import GridNetwork
import OutputFiles
import PowerFlow
import Twin

/// `gridtwin simulate SCENARIO`: step a grid with renewables and storage through time.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a time-series scenario: balancing, storage, curtailment; write CSV, JSON and an HTML report.",
        discussion: """
            Writes steps.csv, plants.csv, generators.csv, branches.csv, storage.csv, summary.json and report.html into --out (default: \
            a folder named after the scenario), through a temporary folder moved into place at the end. A progress bar \
            shows on a terminal. Exit code 0 when every step converged, 1 when some did not, 2 for a bad scenario.
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenarioPath: String

    @Option(name: .long, help: "Output folder.")
    var out: String?

    @Flag(name: .long, help: "No progress bar.")
    var quiet = false

    func run() throws {
        let scenario: PreparedScenario
        do {
            scenario = try PreparedScenario.load(scenarioPath)
        } catch {
            throw CommandError(error.description)
        }
        let folder = out ?? URL(fileURLWithPath: scenarioPath).deletingPathExtension().lastPathComponent + "-results"
        do {
            try SimulationOutputs.folder(folder, scenario: scenario).check(names: SimulationOutputs.fileNames)
        } catch {
            throw CommandError(error.description)
        }
        let simulation: TimeSeriesSimulation
        do {
            simulation = try TimeSeriesSimulation(scenario: scenario)
        } catch {
            throw CommandError("\(scenarioPath): \(error)")
        }
        let bar = ProgressBar(enabled: !quiet && isatty(STDERR_FILENO) != 0)
        let result = simulation.run { done, total in bar.update(done, total) }
        bar.finish()
        do {
            try SimulationOutputs.write(result, to: folder)
        } catch {
            throw CommandError("\(error)")
        }
        let summary = SimulationSummary(result)
        print(String(
            format: "%d steps (%d converged) in %.2f s (%.3f ms per step); curtailed %.1f MWh of %.1f MWh available (%.2f %%); unserved %.1f MWh; wrote %@",
            result.steps.count, result.convergedSteps, result.wallSeconds, result.wallSeconds * 1000 / Double(max(1, result.steps.count)),
            result.energyMWh(\.curtailedMW), result.energyMWh(\.renewableAvailableMW), summary.curtailmentPercent,
            result.energyMWh(\.unservedMW), folder))
        if result.convergedSteps < result.steps.count { throw ExitCode(1) }
    }
}

/// A one-line progress bar on standard error, redrawn at most every 1 %.
final class ProgressBar {
    private let enabled: Bool
    private var shown = -1

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ done: Int, _ total: Int) {
        guard enabled else { return }
        let percent = done * 100 / max(total, 1)
        guard percent != shown else { return }
        shown = percent
        let width = 40, filled = width * percent / 100
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(percent) % (\(done)/\(total) steps)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled && shown >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
