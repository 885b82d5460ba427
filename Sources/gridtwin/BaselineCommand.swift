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
            discussion: "N-1 results are compared when the baseline holds them (saved with --n-1) or with --n-1.")

        @Argument(help: "The grid (MATPOWER .m).")
        var grid: String

        @Argument(help: "The baseline file (from `gridtwin baseline save`).")
        var baseline: String

        @OptionGroup var tolerance: DiffToleranceOptions

        @OptionGroup var report: DiffReportOptions

        @Flag(name: .customLong("n-1"), help: "Compare N-1 security too.")
        var contingencies = false


        func run() async throws {
            let stored: GridSnapshot
            do {
                stored = try BaselineFile.read(baseline)
            } catch {
                throw CommandError(error.description)
            }
            let current = try await DiffOutput.snapshot(
                grid, side: "the", contingencies: contingencies || stored.results.contingencies != nil)
            let diff: GridDiff
            do {
                diff = try GridDiff(old: stored, new: current, oldName: baseline, newName: grid, tolerances: tolerance.tolerances)
            } catch {
                throw CommandError("cannot compare \(grid) with \(baseline): \(error)")
            }
            try DiffOutput.emit(
                diff, format: report.format, junit: report.junit, suiteName: "gridtwin baseline \(grid)", inputs: [grid, baseline])
        }
    }
}
