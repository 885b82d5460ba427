import Foundation
import Twin
import Yams

extension Scenario {
    /// The largest scenario file read, bytes.
    public static let maximumFileBytes = 16 << 20

    /// Reads a scenario file (YAML or JSON): malformed YAML, unknown keys and values of the wrong type are errors
    /// naming the line and the key.
    public static func read(_ path: String) throws(ScenarioError) -> Scenario {
        try parse(try text(ofFile: path, kind: "scenario"), file: path)
    }

    /// Parses a scenario's text; `file` names it in messages.
    public static func parse(_ text: String, file path: String) throws(ScenarioError) -> Scenario {
        try decode(try compose(text, file: path, kind: "scenario"), file: path)
    }

    /// The text of a YAML input file of this tool (`kind` names it in messages: scenario, sweep), at most
    /// ``maximumFileBytes``.
    static func text(ofFile path: String, kind: String) throws(ScenarioError) -> String {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileBytes {
            throw ScenarioError(file: path, key: "", message: "the file is larger than \(maximumFileBytes >> 20) MiB")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScenarioError(file: path, key: "", message: "cannot read the \(kind) file (missing, a folder, or not UTF-8 text)")
        }
        return text
    }

    /// The YAML node tree of `text`; a syntax error is one line with its line number (`kind` names an empty input).
    static func compose(_ text: String, file path: String, kind: String) throws(ScenarioError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw ScenarioError(file: path, key: "", message: "the \(kind) is empty")
            }
            return node
        } catch let error as ScenarioError {
            throw error
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: path)
        } catch {
            throw ScenarioError(file: path, key: "", message: "malformed YAML (\(error))")
        }
    }

    /// A scenario from its composed YAML: unknown keys and values of the wrong type are errors naming the line and
    /// the key (`file` names it).
    public static func decode(_ root: Node, file path: String) throws(ScenarioError) -> Scenario {
        try ScenarioKeys.scenario.check(root, file: path)
        do {
            return try YAMLDecoder().decode(Scenario.self, from: root)
        } catch let error as DecodingError {
            let path_ = Self.codingPath(of: error)
            throw ScenarioError(
                file: path, line: root.descendant(path_)?.mark?.line, key: Self.keyPath(path_), message: Self.message(of: error))
        } catch {
            throw ScenarioError(file: path, key: "", message: "\(error)")
        }
    }

    /// A YAML syntax error as one line with its line number.
    private static func syntaxError(_ error: YamlError, file: String) -> ScenarioError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ScenarioError(file: file, line: mark.line, key: "", message: "malformed YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, _):
            return ScenarioError(file: file, key: duplicates.joined(separator: ", "), message: "the key is given twice")
        default:
            return ScenarioError(
                file: file, key: "", message: "malformed YAML: \(error)".split(whereSeparator: \.isNewline).joined(separator: " "))
        }
    }

    private static func codingPath(of error: DecodingError) -> [CodingKey] {
        switch error {
        case .keyNotFound(let key, let context): return context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): return context.codingPath
        @unknown default: return []
        }
    }

    private static func keyPath(_ path: [CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    private static func message(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound: return "is required"
        case .typeMismatch(let type, _): return "has the wrong type (expected \(type))"
        case .valueNotFound(let type, _): return "is missing a value (expected \(type))"
        case .dataCorrupted(let context): return context.debugDescription
        @unknown default: return "is invalid"
        }
    }
}
