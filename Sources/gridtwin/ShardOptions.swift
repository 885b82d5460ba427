import ArgumentParser
import Foundation
import Studies

/// `--shard` and `--out`, shared by every command whose study can be split: which part to run and the file it goes to.
struct ShardOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Run only part I of N (0-based) and write it to --out, for `gridtwin merge`; `slurm` takes I and N from SLURM_ARRAY_TASK_ID/_MIN/_COUNT, `kubernetes/N` I from JOB_COMPLETION_INDEX.",
        valueName: "I/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("The shard file to write (with --shard).", valueName: "FILE"))
    var out: String?

    func validate() throws {
        if (shard == nil) != (out == nil) { throw ValidationError("--shard and --out go together: a shard writes its part to a file") }
    }

    /// The shard asked for (nil: the whole study); I and N from the environment for `slurm` and `kubernetes/N`.
    func selection() throws -> StudyShard? {
        guard let shard else { return nil }
        do {
            return try ShardSelection.parse(shard, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CommandError("--shard: \(error)")
        }
    }

    /// The shard asked for and the positions of its items among `count` items of equal cost (all of them without
    /// --shard), ascending.
    func items(count: Int) throws -> (part: StudyShard?, positions: [Int]) {
        guard let part = try selection() else { return (nil, Array(0..<count)) }
        let owner = StudyShard.partition(costs: [Double](repeating: 1, count: count), count: part.count)
        return (part, (0..<count).filter { owner[$0] == part.index })
    }
}
