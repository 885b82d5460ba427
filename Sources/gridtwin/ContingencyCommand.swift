import Reports
import ArgumentParser
import Foundation
import GridFormats
import GridNetwork
import OutputFiles
import PowerFlow
import Studies

/// `gridtwin contingency GRID`: N-1 security analysis.
struct ContingencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contingency",
        abstract: "N-1 analysis: outage each in-service branch (and generator) and report overloads, voltage violations and islanding.",
        discussion: """
            Each outage is solved by Newton-Raphson warm-started from the base case, reusing its KLU analysis when \
            the outage keeps the grid connected; outages run in parallel on all cores. Overloads are against RATE_A; \
            branches with RATE_A = 0 are not monitored. Exit code 0 when every outage is secure, 1 when one is not, 2 \
            for bad input.
            """
    )

    @Argument(help: "The grid (MATPOWER .m).")
    var grid: String

    @Flag(name: .long, help: "Also outage each in-service generator.")
    var generators = false

    @Flag(name: .customLong("n-2"), help: "N-2: every pair of in-service branches out at once (with --generators also every branch with every generator and every pair of generators); with --screen only the branch pairs whose estimated loading (from each single outage's AC flows, active and reactive) reaches --threshold somewhere, or that split the grid, are AC-solved.")
    var pairs = false

    @Option(name: .long, help: ArgumentHelp(
        "A MATPOWER contingency table (contab_*.m, apply_changes semantics) to analyze instead of the N-1 list; one result per label.",
        valueName: "FILE"))
    var changes: String?

    @Flag(name: .long, help: "Screen branch outages with DC line-outage distribution factors; AC-solve only those that may overload.")
    var screen = false

    @Option(name: .long, help: "Screening threshold, % of RATE_A (estimated DC loading).")
    var threshold: Double = 90

    @OptionGroup var sharding: ShardOptions

    @Option(name: .long, help: "Parallel workers (default: one per core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Output: table (readable report) or json.")
    var format: DiffFormat = .table

    @Flag(name: .long, help: "List every outage, not only the 20 most severe.")
    var all = false

    func validate() throws {
        if pairs && changes != nil {
            throw ValidationError("--n-2 takes pairs of branches and generators; --changes applies to the table's list")
        }
        if changes != nil && (generators || screen) {
            throw ValidationError("--changes analyzes the table's contingencies; --generators and --screen apply to the N-1 list")
        }
        guard (1...1024).contains(threads) else { throw ValidationError("--threads must lie in 1...1024") }
        guard threshold > 0, threshold <= 1e6 else { throw ValidationError("--threshold must be a positive percentage") }
    }

    func run() async throws {
        let loaded = try CaseLoading.load(grid, quiet: format == .json)
        var options = ContingencyOptions(
            includeGenerators: generators, screen: screen, screeningThresholdPercent: threshold, workers: threads)
        options.pairs = pairs
        if let changes {
            do {
                options.changes = (try ChangeTable.read(contentsOf: changes), changes)
            } catch {
                throw CommandError("\(error)")
            }
        }
        options.shard = try sharding.selection()
        let report: ContingencyReport
        do {
            report = try await ContingencyAnalysis.run(loaded.grid, options: options)
        } catch let error as CaseFileError {
            throw CommandError("\(error)")
        } catch {
            throw CommandError("\(grid): \(error)")
        }
        guard report.base.converged else {
            Stderr.print("\(grid): the base case does not converge; no contingency was analyzed")
            throw ExitCode(1)
        }
        if let out = sharding.out {
            var inputs = ["grid": try ShardSelection.hash(ofFile: grid)]
            if let changes { inputs["changes"] = try ShardSelection.hash(ofFile: changes) }
            inputs["options"] = "generators=\(generators) screen=\(screen) threshold=\(threshold) n-2=\(pairs)"
            let text = try ContingencyText.shardJSON(report, inputs: inputs, version: GridTwin.configuration.version)
            try OutputFile.write(text + "\n", to: out, kind: .contingencyShard, inputs: [grid] + (changes.map { [$0] } ?? []))
            if format == .table {
                print("shard \(report.shard!.index)/\(report.shard!.count): \(report.outcomes.count) of \(report.totalOutages) outages, \(report.outcomes.filter { !$0.isSecure }.count) insecure; wrote \(out)")
            }
            return
        }
        switch format {
        case .table: print(ContingencyText.render(report, grid: grid, showAll: all), terminator: "")
        case .json: print(try ContingencyText.json(report))
        }
        if report.outcomes.contains(where: { !$0.isSecure }) { throw ExitCode(1) }
    }
}
