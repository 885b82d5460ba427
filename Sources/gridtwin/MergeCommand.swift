import ArgumentParser
import Foundation
import OutputFiles
import Reports

/// `gridtwin merge PARTS… -o RESULT`: a sharded study's parts joined.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard files of a study (contingency or hosting-capacity --shard I/N --out) into the result one run gives.",
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
        let text: String
        let hosting = files.first.map { HostingCapacityText.isShard($0.data) } ?? false
        do {
            text = hosting ? try HostingCapacityText.merge(files) : try ContingencyShardMerge.merge(files)
        } catch {
            throw CommandError("\(error)")
        }
        try OutputFile.write(text + "\n", to: output, kind: hosting ? .hostingCapacity : .contingencyShard, inputs: parts)
    }
}
