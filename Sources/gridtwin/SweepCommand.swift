import ArgumentParser
import Foundation
import OutputFiles
import Reports
import ScenarioFiles
import Studies
import Twin

/// `gridtwin sweep SWEEP.yaml`: one scenario run over every combination of parameter values.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over a grid of parameters (plant size, location, storage, weather year …) and tabulate curtailment, violations and cost per variant.",
        discussion: """
            SWEEP.yaml names the scenario and maps key paths in it (renewables[NAME].capacity_mw, storage[0].energy_mwh, \\
            profiles …) to lists of values; every combination is a variant. --shard I/N (or slurm, kubernetes/N) runs a \\
            deterministic part of the variants into --out; `gridtwin merge` joins the parts into the --format json \\
            result of one run. Exit 0, 1 when a variant has steps that did not converge, 2 for bad input.
            """)

    @Argument(help: "The sweep file (YAML).")
    var sweepPath: String

    @Option(name: .long, help: "Output: table or json.")
    var format: DiffFormat = .table

    @OptionGroup var sharding: ShardOptions

    func run() throws {
        let sweep: SweepFile
        do {
            sweep = try SweepFile(sweepPath)
        } catch {
            throw CommandError(error.description)
        }
        let (part, variants) = try sharding.items(count: sweep.variantCount)
        var rows: [SweepText.Row] = []
        for index in variants {
            let scenario: PreparedScenario
            do {
                scenario = try sweep.scenario(ofVariant: index)
            } catch {
                throw CommandError(error.description)
            }
            let simulation: TimeSeriesSimulation
            do {
                simulation = try TimeSeriesSimulation(scenario: scenario)
            } catch {
                throw CommandError("\(sweepPath): variant \(index + 1): \(error)")
            }
            let result = simulation.run { _, _ in }
            rows.append(SweepText.Row(index: index, settings: sweep.settings(ofVariant: index), summary: SimulationSummary(result)))
            if format == .table && part == nil {
                FileHandle.standardError.write(Data("variant \(index + 1)/\(sweep.variantCount) done\n".utf8))
            }
        }
        if let part, let out = sharding.out {
            let inputs = ["sweep": try ShardSelection.hash(ofFile: sweepPath), "scenario": try ShardSelection.hash(ofFile: sweep.scenarioPath)]
            let text = try SweepText.shardJSON(
                rows, shard: part, variantsTotal: sweep.variantCount, inputs: inputs,
                options: sweep.parameters.map(\.key).joined(separator: ", "), version: GridTwin.configuration.version)
            try OutputFile.write(text + "\n", to: out, kind: .sweep, inputs: [sweepPath, sweep.scenarioPath])
            if format == .table { print("shard \(part.index)/\(part.count): \(rows.count) of \(sweep.variantCount) variants; wrote \(out)") }
        } else if format == .json {
            print(try SweepText.json(rows))
        } else {
            print("Sweep \(sweepPath): \(sweep.variantCount) variants of \(sweep.scenarioPath)")
            print(SweepText.table(rows))
        }
        if rows.contains(where: { $0.failedSteps > 0 }) { throw ExitCode(1) }
    }
}
