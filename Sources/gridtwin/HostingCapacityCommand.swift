import ArgumentParser
import Foundation
import Reports
import Studies

/// `gridtwin hosting-capacity GRID`: the largest injection each bus takes without a violation.
struct HostingCapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosting-capacity",
        abstract: "Per bus, the largest renewable injection (MW, unity power factor) the grid takes without a new overload or voltage violation (N-0).",
        discussion: "Doubling, then bisection to --resolution; each trial an AC power flow. Exit 0, or 2 for bad input.")

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
        let results: [HostingCapacity.BusCapacity]
        do {
            results = try HostingCapacity.run(loaded.grid, buses: selected, resolutionMW: resolution, maximumMW: maximum)
        } catch {
            throw CommandError("\(grid): \(error)")
        }
        switch format {
        case .json:
            struct Row: Encodable { var bus: Int; var capacityMw: Double; var limit: String? }
            print(try ReportJSON.text(results.map { Row(bus: $0.bus, capacityMw: $0.capacityMW, limit: $0.limit) }))
        case .table:
            print("Hosting capacity of \(grid) (N-0, resolution \(resolution) MW)")
            print("  bus   capacity MW  limited by")
            for result in results {
                print(String(format: "  %-5d %11.1f  ", result.bus, result.capacityMW) + (result.limit ?? "the maximum tried"))
            }
        }
    }
}
