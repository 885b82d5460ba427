import ArgumentParser
import Foundation

/// `gridtwin`: load-flow studies, time series and grid regression tests from the command line.
///
/// Exit codes: 0 success, 1 a study's negative outcome (not converged, changes beyond tolerance),
/// 2 bad input or usage.
@main
struct GridTwin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridtwin",
        abstract: "A digital twin of electric power grids: load flow, time series, regression tests.",
        discussion: """
            Exit codes: 0 success; 1 the study's answer is negative (did not converge, changed beyond tolerance); \
            2 bad input or usage.
            """,
        version: "0.1.0",
        subcommands: [SolveCommand.self, ConvertCommand.self, DiffCommand.self, BaselineCommand.self, ContingencyCommand.self, MergeCommand.self, HostingCapacityCommand.self, SimulateCommand.self, SweepCommand.self, EstimateCommand.self, ServeCommand.self, ReplayCommand.self, TokenCommand.self]
    )

    /// Runs the command, mapping every error to a one-line message and exit code 2 (usage and input errors),
    /// except the exit codes commands choose themselves.
    static func main() async {
        MemoryTuning.keepFreedMemory()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            if exitCode(for: error) == .success { self.exit(withError: error) }  // --help, --version
            // One line: the message without the usage text (`--help` shows that).
            let message = error is CommandError ? "\(error)" : self.message(for: error)
            let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
            Stderr.print(line.hasPrefix("Error: ") ? "error: " + line.dropFirst(7) : "error: " + line)
            Foundation.exit(2)
        }
    }
}

/// An input or usage error with a one-line message (exit code 2).
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Stderr {
    static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
