import Reports
import OutputFiles
import ArgumentParser
import Foundation
import Studies

/// `gridtwin baseline save|check`: keep a grid's solved state in git and check changes against it in CI.
struct BaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Save a grid's solved state as a baseline, or check a grid against one.",
        subcommands: [Save.self, Check.self]
    )

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Solve a grid and store its model and solved state as stable, diff-friendly JSON.")

        @Argument(help: "The grid (MATPOWER .m).")
        var grid: String

        @Option(name: [.short, .customLong("output")], help: "The baseline file to write.")
        var output: String

        @Flag(name: .customLong("n-1"), help: "Also store the N-1 contingency results.")
        var contingencies = false

        func run() async throws {
            let snapshot = try await DiffOutput.snapshot(grid, side: "the", contingencies: contingencies)
            do {
                try BaselineFile.write(snapshot, to: output, inputs: [grid])
            } catch {
                throw CommandError(error.description)
            }
            print("wrote \(output): \(snapshot.grid.buses.count) buses, \(snapshot.grid.branches.count) branches\(snapshot.results.contingencies.map { ", \($0.count) contingencies" } ?? "")")
            if !snapshot.results.converged { throw ExitCode(1) }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Solve a grid and compare it with a baseline; exit 1 when anything moved beyond tolerance.",
            discussion: """
                N-1 results are compared when the baseline holds them (saved with --n-1) or with --n-1. --list FILE checks \
                many grids (one 'GRID BASELINE' pair per line) and prints one row per pair; with --shard I/N (or slurm, \
                kubernetes/N) and --out, a deterministic part of the list into a shard file that `gridtwin merge` joins.
                """)

        @Argument(help: "The grid (MATPOWER .m).")
        var grid: String?

        @Argument(help: "The baseline file (from `gridtwin baseline save`).")
        var baseline: String?

        @Option(name: .long, help: ArgumentHelp("Check every 'GRID BASELINE' pair of this file instead.", valueName: "FILE"))
        var list: String?

        @OptionGroup var sharding: ShardOptions

        @OptionGroup var tolerance: DiffToleranceOptions

        @OptionGroup var report: DiffReportOptions

        @Flag(name: .customLong("n-1"), help: "Compare N-1 security too.")
        var contingencies = false

        func validate() throws {
            if list == nil && (grid == nil || baseline == nil) { throw ValidationError("give GRID BASELINE, or --list FILE") }
            if list != nil && (grid != nil || baseline != nil) { throw ValidationError("--list replaces GRID BASELINE: give one or the other") }
            if sharding.shard != nil && list == nil { throw ValidationError("--shard splits a --list") }
        }

        func run() async throws {
            if let list {
                try await checkList(list)
                return
            }
            let (grid, baseline) = (grid!, baseline!)
            let diff = try await check(grid: grid, baseline: baseline)
            try DiffOutput.emit(
                diff, format: report.format, junit: report.junit, suiteName: "gridtwin baseline \(grid)", inputs: [grid, baseline])
        }

        /// The diff of a grid against its baseline.
        private func check(grid: String, baseline: String) async throws -> GridDiff {
            let stored: GridSnapshot
            do {
                stored = try BaselineFile.read(baseline)
            } catch {
                throw CommandError(error.description)
            }
            let current = try await DiffOutput.snapshot(
                grid, side: "the", contingencies: contingencies || stored.results.contingencies != nil)
            do {
                return try GridDiff(old: stored, new: current, oldName: baseline, newName: grid, tolerances: tolerance.tolerances)
            } catch {
                throw CommandError("cannot compare \(grid) with \(baseline): \(error)")
            }
        }

        /// `--list`: every pair (or this shard's), one row each; exit 1 when any changed.
        private func checkList(_ list: String) async throws {
            let entries = try BaselineCheckList(list).entries
            let (part, ranks) = try sharding.items(count: entries.count)
            var rows: [BaselineCheckText.Row] = []
            var suites: [(diff: GridDiff, suiteName: String)] = []
            for index in ranks {
                let entry = entries[index]
                let diff = try await check(grid: entry.gridPath, baseline: entry.baselinePath)
                rows.append(BaselineCheckText.Row(grid: entry.grid, baseline: entry.baseline, diff: diff))
                suites.append((diff, "gridtwin baseline \(entry.grid)"))
                if report.format == .table {
                    print(rows.last!.line)
                    if diff.hasChanges { print(diff.text(), terminator: "") }
                }
            }
            if let part, let out = sharding.out {
                let text = try BaselineCheckText.shardJSON(
                    rows, ranks: ranks, shard: part, total: entries.count, inputs: ["list": try ShardSelection.hash(ofFile: list)],
                    options: "\(tolerance.tolerances) n-1=\(contingencies)", version: GridTwin.configuration.version)
                try OutputFile.write(text + "\n", to: out, kind: .baselineCheck, inputs: [list])
            } else if report.format == .json {
                print(try BaselineCheckText.json(rows))
            }
            if let junit = report.junit {
                do {
                    try OutputFile.write(GridDiff.junitXML(suites), to: junit, kind: .junit, inputs: [list])
                } catch {
                    throw CommandError(error.description)
                }
            }
            if rows.contains(where: \.changed) { throw ExitCode(1) }
        }
    }
}
