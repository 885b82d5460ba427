import GridFormats
import GridModel
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
            for warning in parsed.warnings.prefix(10) { Stderr.print("warning: " + warning) }
            if parsed.warnings.count > 10 { Stderr.print("warning: … \(parsed.warnings.count - 10) more warnings") }
        }
        return LoadedGrid(grid: parsed.grid, parseSeconds: seconds, source: parsed)
    }
}
