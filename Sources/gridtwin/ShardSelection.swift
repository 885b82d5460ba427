import Foundation
import Studies

/// `--shard`: `I/N`, `slurm` (an array job's task: I = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN, N =
/// SLURM_ARRAY_TASK_COUNT) or `kubernetes/N` (an Indexed Job's pod: I = JOB_COMPLETION_INDEX).
enum ShardSelection {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String, environment: [String: String]) throws(Problem) -> StudyShard {
        func number(_ name: String) throws(Problem) -> Int {
            guard let value = environment[name], let number = Int(value) else {
                throw Problem(description: "\(name) is \(environment[name].map { "'\($0)'" } ?? "not set"); it must be a whole number")
            }
            return number
        }
        let index: Int, count: Int
        if text == "slurm" {
            index = try number("SLURM_ARRAY_TASK_ID") - (environment["SLURM_ARRAY_TASK_MIN"] == nil ? 0 : try number("SLURM_ARRAY_TASK_MIN"))
            count = try number("SLURM_ARRAY_TASK_COUNT")
        } else if text.hasPrefix("kubernetes/") {
            guard let n = Int(text.dropFirst("kubernetes/".count)) else { throw Problem(description: "'\(text)' must read kubernetes/N") }
            index = try number("JOB_COMPLETION_INDEX")
            count = n
        } else {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
                throw Problem(description: "'\(text)' must read I/N (0-based), slurm or kubernetes/N")
            }
            (index, count) = (i, n)
        }
        guard let shard = StudyShard(index: index, count: count) else {
            throw Problem(description: "shard \(index) of \(count) does not exist (0 ≤ I < N ≤ 100000)")
        }
        return shard
    }

    /// FNV-1a (64 bits) of a file's bytes, as hex: enough to tell shards of other inputs apart.
    static func hash(ofFile path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("\(path): cannot read the file") }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
