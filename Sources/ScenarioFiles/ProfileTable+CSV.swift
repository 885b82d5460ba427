import Foundation
import Twin

extension ProfileTable {
    /// The largest profile file read, bytes.
    public static let maximumFileBytes = 256 << 20

    /// The largest |value| in a profile (profiles are per-unit factors; 10^6 leaves room for MW-valued columns).
    public static let maximumMagnitude = 1e6

    /// Reads a profile file; errors name the file and line.
    public static func read(_ path: String) throws(ScenarioError) -> ProfileTable {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileBytes {
            throw ScenarioError(file: path, key: "profiles", message: "the file is larger than \(maximumFileBytes >> 20) MiB")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScenarioError(file: path, key: "profiles", message: "cannot read the profile file (missing, a folder, or not UTF-8 text)")
        }
        return try parse(text, file: path)
    }

    /// Parses a profile file's text; `file` names it in messages.
    public static func parse(_ text: String, file path: String) throws(ScenarioError) -> ProfileTable {
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
        guard !lines.isEmpty else { throw ScenarioError(file: path, key: "profiles", message: "the profile file is empty") }
        let separator: Character = lines[0].contains(";") && !lines[0].contains(",") ? ";" : ","
        let header = lines.removeFirst().split(separator: separator, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard header.count >= 2 else {
            throw ScenarioError(file: path, line: 1, key: "profiles", message: "expected a time column and at least one profile column")
        }
        var names = Set<String>()
        for name in header.dropFirst() where !names.insert(name).inserted || name.isEmpty {
            throw ScenarioError(file: path, line: 1, key: "profiles", message: "column '\(name)' is empty or given twice")
        }
        guard !lines.isEmpty else {
            throw ScenarioError(file: path, key: "profiles", message: "the profile file has a header but no rows")
        }
        var times: [Int] = []
        times.reserveCapacity(lines.count)
        var clockOffset = 0, lastClockChangeRow = Int.min / 2
        var values = [[Double]](repeating: [], count: header.count - 1)
        for (number, line) in lines.enumerated() {
            let fields = line.split(separator: separator, omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw ScenarioError(file: path, key: "profiles", message: "line \(number + 2): \(fields.count) fields, the header has \(header.count)")
            }
            guard let time = TimeAxis.minutes(from: String(fields[0])) else {
                throw ScenarioError(file: path, line: number + 2, key: "profiles", message: "'\(fields[0])' is not a time")
            }
            if times.count == 1 {
                guard time > times[0] else {
                    throw ScenarioError(
                        file: path, line: number + 2, key: "profiles", message: "the second row's time must be after the first's")
                }
            } else if times.count >= 2 {
                let step = times[1] - times[0], previous = times[times.count - 1]
                let expected = previous + step
                if time != expected {
                    let change = time - expected
                    let offset = clockOffset + change
                    guard abs(change) == 60, abs(offset) <= 60, times.count - lastClockChangeRow >= 30 * 1440 / step else {
                        throw ScenarioError(
                            file: path, line: number + 2, key: "profiles",
                            message: "time \(TimeAxis.text(minutes: time)) follows \(TimeAxis.text(minutes: previous)); rows must be every \(step) min without gaps, repeats or reordering (a daylight-saving change of one hour excepted)")
                    }
                    clockOffset = offset
                    lastClockChangeRow = times.count
                }
            }
            times.append(time)
            for c in 1..<fields.count {
                guard let value = Double(fields[c].trimmingCharacters(in: .whitespaces)), value.isFinite,
                    abs(value) <= maximumMagnitude
                else {
                    throw ScenarioError(
                        file: path, line: number + 2, key: "profiles",
                        message: "column \(header[c]): '\(fields[c])' is not a number of at most \(Int(maximumMagnitude)) in magnitude")
                }
                values[c - 1].append(value)
            }
        }
        let step = times.count > 1 ? times[1] - times[0] : 60
        var columns: [String: [Double]] = [:]
        for (c, name) in header.dropFirst().enumerated() { columns[name] = values[c] }
        return ProfileTable(times: times, columns: columns, stepMinutes: step)
    }
}
