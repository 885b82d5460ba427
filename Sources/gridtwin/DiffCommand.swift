import ArgumentParser
import Foundation
import Studies

/// `gridtwin diff OLD NEW`: what a change to a grid did to its model, flows, voltages and security.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two versions of a grid: model changes, then what moved in the solved state.",
        discussion: """
            Buses are matched by number, branches by (from, to, order among parallels), generators by (bus, order). \
            Both grids are solved (Newton-Raphson, MATPOWER's defaults). Exit code 0 when nothing differs beyond \
            tolerance, 1 when something does, 2 for an error (e.g. one side does not parse).
            """
    )

    @Argument(help: "The old grid (MATPOWER .m).")
    var old: String

    @Argument(help: "The new grid (MATPOWER .m).")
    var new: String

    @OptionGroup var tolerance: DiffToleranceOptions

    @OptionGroup var report: DiffReportOptions

    @Flag(name: .customLong("n-1"), help: "Also compare N-1 security (every branch outage on both sides).")
    var contingencies = false


    func run() async throws {
        let before = try await DiffOutput.snapshot(old, side: "old", contingencies: contingencies)
        let after = try await DiffOutput.snapshot(new, side: "new", contingencies: contingencies)
        let diff: GridDiff
        do {
            diff = try GridDiff(old: before, new: after, oldName: old, newName: new, tolerances: tolerance.tolerances)
        } catch {
            throw CommandError("cannot compare \(old) with \(new): \(error)")
        }
        try DiffOutput.emit(diff, format: report.format, junit: report.junit, suiteName: "gridtwin diff \(new)", inputs: [old, new])
    }
}
