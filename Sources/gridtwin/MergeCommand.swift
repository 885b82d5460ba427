import ArgumentParser
import Foundation
import OutputFiles
import Reports

/// `gridtwin merge PARTS… -o RESULT`: a sharded study's parts joined.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard files of a study (contingency, hosting-capacity, sweep or baseline check --list --shard I/N --out) into the result one run gives.",
        discussion: "Names any missing, repeated or mismatched shard (exit 2).")

    @Argument(help: "The shard files.")
    var parts: [String]

    @Option(name: [.short, .long], help: ArgumentHelp("The merged result (JSON).", valueName: "FILE"))
    var output: String

    func run() throws {
        var files: [(path: String, data: Data)] = []
        for path in parts {
            guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("\(path): cannot read the file") }
            files.append((path, data))
        }
        let text: String, kind: OutputKind
        let first = files.first?.data ?? Data()
        do {
            if HostingCapacityText.isShard(first) {
                (text, kind) = (try HostingCapacityText.merge(files), .hostingCapacity)
            } else if SweepText.isShard(first) {
                (text, kind) = (try SweepText.merge(files), .sweep)
            } else if BaselineCheckText.isShard(first) {
                (text, kind) = (try BaselineCheckText.merge(files), .baselineCheck)
            } else {
                (text, kind) = (try ContingencyShardMerge.merge(files), .contingencyShard)
            }
        } catch {
            throw CommandError("\(error)")
        }
        try OutputFile.write(text + "\n", to: output, kind: kind, inputs: parts)
    }
}
