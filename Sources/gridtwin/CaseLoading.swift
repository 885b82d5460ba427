import GridFormats
import GridModel
import GridNetwork
import PowerFlow

/// A grid read from a file, with the time parsing took.
struct LoadedGrid {
    var grid: Grid
    var parseSeconds: Double
    var source: MatpowerCase
}

enum CaseLoading {
    /// Reads and validates a MATPOWER case, printing its warnings to standard error unless `quiet`.
    static func load(_ path: String, quiet: Bool = false) throws -> LoadedGrid {
        let start = Stopwatch.now()
        let parsed: MatpowerCase
        do {
            parsed = try MatpowerCase.load(contentsOf: path)
        } catch {
            throw CommandError(error.description)
        }
        let seconds = Stopwatch.now() - start
        if !quiet {
            // A few lines at most, so that an error after them still reads at a glance.
            for warning in parsed.warnings.prefix(3) { Stderr.print("warning: " + warning) }
            if parsed.warnings.count > 3 { Stderr.print("warning: … and \(parsed.warnings.count - 3) more") }
        }
        return LoadedGrid(grid: parsed.grid, parseSeconds: seconds, source: parsed)
    }
}
