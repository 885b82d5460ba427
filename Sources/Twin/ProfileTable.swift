import Foundation

/// Time profiles from a CSV file: first column the time (ISO 8601 or `dd.mm.yyyy HH:MM`), one column per profile.
public struct ProfileTable: Sendable {
    /// Start of each row, minutes since 1970.
    public var times: [Int]
    public var columns: [String: [Double]]
    /// Row spacing, minutes.
    public var stepMinutes: Int

    /// Reads a profile file; errors name the file and line.
    public static func read(_ path: String) throws(ScenarioError) -> ProfileTable {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScenarioError(file: path, key: "profiles", message: "cannot read the profile file")
        }
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
        guard !lines.isEmpty else { throw ScenarioError(file: path, key: "profiles", message: "the profile file is empty") }
        let separator: Character = lines[0].contains(";") && !lines[0].contains(",") ? ";" : ","
        let header = lines.removeFirst().split(separator: separator, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard header.count >= 2 else {
            throw ScenarioError(file: path, key: "profiles", message: "line 1: expected a time column and at least one profile column")
        }
        var times: [Int] = []
        times.reserveCapacity(lines.count)
        var values = [[Double]](repeating: [], count: header.count - 1)
        for (number, line) in lines.enumerated() {
            let fields = line.split(separator: separator, omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw ScenarioError(file: path, key: "profiles", message: "line \(number + 2): \(fields.count) fields, the header has \(header.count)")
            }
            guard let time = TimeAxis.minutes(from: String(fields[0])) else {
                throw ScenarioError(file: path, key: "profiles", message: "line \(number + 2): '\(fields[0])' is not a time")
            }
            times.append(time)
            for c in 1..<fields.count {
                guard let value = Double(fields[c].trimmingCharacters(in: .whitespaces)), value.isFinite else {
                    throw ScenarioError(file: path, key: "profiles", message: "line \(number + 2), column \(header[c]): '\(fields[c])' is not a number")
                }
                values[c - 1].append(value)
            }
        }
        let step = times.count > 1 ? times[1] - times[0] : 60
        guard step > 0 else { throw ScenarioError(file: path, key: "profiles", message: "times must increase") }
        var columns: [String: [Double]] = [:]
        for (c, name) in header.dropFirst().enumerated() { columns[name] = values[c] }
        return ProfileTable(times: times, columns: columns, stepMinutes: step)
    }

    /// A column resampled to `count` steps of `stepMinutes` from `startMinutes`: averaged over the step when the
    /// file is finer, held when it is coarser.
    public func series(_ name: String, startMinutes: Int, stepMinutes: Int, count: Int) -> [Double]? {
        guard let column = columns[name], let first = times.first else { return nil }
        var result = [Double](repeating: 0, count: count)
        for s in 0..<count {
            let begin = startMinutes + s * stepMinutes
            let firstRow = (begin - first) / self.stepMinutes
            let rows = max(1, stepMinutes / self.stepMinutes)
            guard firstRow >= 0, firstRow + rows <= column.count else { return nil }
            var sum = 0.0
            for r in firstRow..<(firstRow + rows) { sum += column[r] }
            result[s] = sum / Double(rows)
        }
        return result
    }

    /// Minutes covered by the file (last row's end).
    public var endMinutes: Int { (times.last ?? 0) + stepMinutes }
}
