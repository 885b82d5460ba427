import ArgumentParser
import Foundation
import OutputFiles
import Reports
import Studies

/// `gridtwin hosting-capacity GRID`: the largest injection each bus takes without a violation.
struct HostingCapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosting-capacity",
        abstract: "Per bus, the largest renewable injection (MW, unity power factor) the grid takes without a new overload or voltage violation (N-0, or N-1 with --n-1).",
        discussion: """
            Doubling, then bisection to --resolution; each trial an AC power flow (and, with --n-1, every single-branch \
            outage, judged against the same outage without the injection). --shard I/N (or slurm, kubernetes/N) \
            computes a deterministic part of the buses into --out; `gridtwin merge` joins the parts into the \
            --format json result of one run. Exit 0, or 2 for bad input.
            """)

    @Argument(help: "The grid (MATPOWER .m).")
    var grid: String

    @Option(name: .long, help: ArgumentHelp("Bus numbers, comma-separated (default: every bus).", valueName: "BUS,…"))
    var buses: String?

    @Option(name: .long, help: "The search's resolution, MW.")
    var resolution: Double = 1

    @Option(name: .long, help: "The largest injection tried, MW.")
    var maximum: Double = 10_000

    @Option(name: .long, help: "Output: table or json.")
    var format: DiffFormat = .table

    @Flag(name: .customLong("n-1"), help: "Also require every single-branch outage to stay free of new violations.")
    var n1 = false

    @OptionGroup var sharding: ShardOptions

    func validate() throws {
        guard resolution > 0, resolution.isFinite else { throw ValidationError("--resolution must be a positive number of MW") }
        guard maximum >= resolution, maximum <= 1e7 else { throw ValidationError("--maximum must lie between --resolution and 1e7 MW") }
    }

    func run() throws {
        let loaded = try CaseLoading.load(grid, quiet: format == .json)
        var selected: [Int]?
        if let buses {
            selected = []
            for part in buses.split(separator: ",") {
                guard let id = Int(part.trimmingCharacters(in: .whitespaces)),
                    loaded.grid.buses.contains(where: { $0.id == id })
                else { throw CommandError("--buses: '\(part)' is not a bus of \(grid)") }
                selected!.append(id)
            }
        }
        var study = selected ?? loaded.grid.buses.filter { $0.type != .isolated }.map(\.id)
        let (part, ranks) = try sharding.items(count: study.count)
        let total = study.count
        study = ranks.map { study[$0] }
        let results: [HostingCapacity.BusCapacity]
        do {
            results = try HostingCapacity.run(loaded.grid, buses: study, resolutionMW: resolution, maximumMW: maximum, n1: n1)
        } catch {
            throw CommandError("\(grid): \(error)")
        }
        if let part, let out = sharding.out {
            let options = "resolution \(resolution) MW, maximum \(maximum) MW\(n1 ? ", N-1" : ""), buses \(buses ?? "all")"
            let text = try HostingCapacityText.shardJSON(
                results, ranks: ranks, shard: part, busesTotal: total, inputs: ["grid": try ShardSelection.hash(ofFile: grid)],
                options: options, version: GridTwin.configuration.version)
            try OutputFile.write(text + "\n", to: out, kind: .hostingCapacity, inputs: [grid])
            if format == .table { print("shard \(part.index)/\(part.count): \(results.count) of \(total) buses; wrote \(out)") }
            return
        }
        switch format {
        case .json:
            print(try HostingCapacityText.json(results))
        case .table:
            print("Hosting capacity of \(grid) (\(n1 ? "N-1" : "N-0"), resolution \(resolution) MW)")
            print("  bus   capacity MW  limited by")
            for result in results {
                print(String(format: "  %-5d %11.1f  ", result.bus, result.capacityMW) + (result.limit ?? "the maximum tried"))
            }
        }
    }
}
