import Foundation

/// Time profiles from a CSV file: first column the time (ISO 8601 or `dd.mm.yyyy HH:MM`), one column per profile.
///
/// Rows are samples evenly spaced in real time: row r stands at the first row's time + r × step. The time column
/// is checked over the whole file: each row's time is the previous one plus the step, except at a daylight-saving
/// clock change, where the labels jump by the step ± 60 minutes (a skipped hour in spring, a repeated hour in
/// autumn; at most one change in 30 days, the clock never more than an hour from the first row's). Anything else —
/// a gap, a repeat, a row out of order — is an error naming its line.
public struct ProfileTable: Sendable {
    /// Start of each row, minutes since 1970.
    public var times: [Int]
    public var columns: [String: [Double]]
    /// Row spacing, minutes.
    public var stepMinutes: Int

    /// A table of `times` (row starts, minutes since 1970), evenly spaced by `stepMinutes`, and its columns.
    public init(times: [Int], columns: [String: [Double]], stepMinutes: Int) {
        self.times = times
        self.columns = columns
        self.stepMinutes = stepMinutes
    }

    /// The row whose time label is `minutes` (the first, where an autumn clock change repeats a label).
    public func row(at minutes: Int) -> Int? { times.firstIndex(of: minutes) }

    /// Whether `count` steps of `stepMinutes` from row `startRow` stay inside the file.
    public func covers(startRow: Int, stepMinutes: Int, count: Int) -> Bool {
        let (minutes, overflow) = count.multipliedReportingOverflow(by: stepMinutes)
        return !overflow && startRow >= 0 && startRow * self.stepMinutes + minutes <= times.count * self.stepMinutes
    }

    /// A column resampled to `count` steps of `stepMinutes` from row `startRow`: averaged over the step when the
    /// file is finer, held when it is coarser; nil when the column is missing or the steps run past the file.
    public func series(_ name: String, startRow: Int, stepMinutes: Int, count: Int) -> [Double]? {
        guard let column = columns[name], covers(startRow: startRow, stepMinutes: stepMinutes, count: count) else { return nil }
        var result = [Double](repeating: 0, count: count)
        let rows = max(1, stepMinutes / self.stepMinutes)
        for s in 0..<count {
            let firstRow = startRow + s * stepMinutes / self.stepMinutes
            guard firstRow + rows <= column.count else { return nil }
            var sum = 0.0
            for r in firstRow..<(firstRow + rows) { sum += column[r] }
            result[s] = sum / Double(rows)
        }
        return result
    }

    /// The label of the file's end (last row's time + one step).
    public var endMinutes: Int { (times.last ?? 0) + stepMinutes }
}
