import Foundation

/// `baseline check --list FILE`: one `GRID BASELINE` pair per line (paths relative to the list's folder; `#` starts a
/// comment; blank lines are skipped).
struct BaselineCheckList {
    struct Entry {
        /// As written in the list.
        var grid: String
        var baseline: String
        /// Resolved against the list's folder.
        var gridPath: String
        var baselinePath: String
    }

    /// Most pairs a list may hold.
    static let maximumEntries = 1_000_000

    var entries: [Entry] = []

    init(_ path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandError("\(path): cannot read the list (missing, a folder, or not UTF-8 text)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ relative: String) -> String { relative.hasPrefix("/") ? relative : folder.appendingPathComponent(relative).path }
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if fields.isEmpty { continue }
            guard fields.count == 2 else {
                throw CommandError("\(path):\(number + 1): expected 'GRID BASELINE' (two paths), found \(fields.count) field(s)")
            }
            guard entries.count < Self.maximumEntries else { throw CommandError("\(path):\(number + 1): more than \(Self.maximumEntries) pairs") }
            entries.append(Entry(grid: fields[0], baseline: fields[1], gridPath: resolve(fields[0]), baselinePath: resolve(fields[1])))
        }
        guard !entries.isEmpty else { throw CommandError("\(path): the list names no grid") }
    }
}
