import Foundation
import GridModel

/// A MATPOWER case as read from a file: the grid, where each row came from, and what was skipped.
public struct MatpowerCase: Sendable {
    public var grid: Grid
    /// The file the case was read from, as given.
    public var file: String
    /// 1-based source line of each bus, branch and generator row, for messages about them.
    public var busLines: [Int]
    public var branchLines: [Int]
    public var generatorLines: [Int]
    /// Fields and statements that were skipped, one human-readable line each.
    public var warnings: [String]

    /// The error for a grid problem, pointing at the row's line in the file.
    public func fileError(for problem: GridProblem) -> CaseFileError {
        let line: Int?
        switch problem.element {
        case .grid: line = nil
        case .bus(let index): line = busLines.indices.contains(index) ? busLines[index] : nil
        case .branch(let index): line = branchLines.indices.contains(index) ? branchLines[index] : nil
        case .generator(let index): line = generatorLines.indices.contains(index) ? generatorLines[index] : nil
        }
        return CaseFileError(file: file, line: line, message: problem.description)
    }

    /// Reads and validates a case: the grid is ready for a power flow, or the first problem is thrown with
    /// its file and line.
    public static func load(contentsOf path: String) throws(CaseFileError) -> MatpowerCase {
        let parsed = try MatpowerCaseReader.read(contentsOf: path)
        if let problem = parsed.grid.problems().first { throw parsed.fileError(for: problem) }
        return parsed
    }
}
