import Foundation
import Twin
import Yams

/// A sweep: one scenario run over every combination of parameter values (`gridtwin sweep SWEEP.yaml`).
///
///     scenario: wind-north.yaml                       # relative to the sweep file
///     parameters:                                     # key path in the scenario → the values it takes
///       renewables[wind-north-10].capacity_mw: [300, 500, 700]
///       storage[battery-10].energy_mwh: [200, 400]
///       profiles: [profiles-2016.csv, profiles-2017.csv]   # a weather year
///
/// Variants are numbered in the order of the combinations, the first parameter varying slowest. Each variant is the
/// scenario's YAML with the values put in place (``ScenarioNodePath``), then read and checked like any scenario —
/// errors name the sweep file, the parameter's line and the variant.
public struct SweepFile {
    /// One parameter: where it goes and its values (YAML nodes, put in as given).
    public struct Parameter {
        public var key: String
        let path: ScenarioNodePath
        let values: [Node]
        let line: Int?
    }

    /// Most variants a sweep may describe.
    public static let maximumVariants = 100_000

    public let file: String
    /// The scenario file, resolved against the sweep's folder.
    public let scenarioPath: String
    public let parameters: [Parameter]
    private let scenarioRoot: Node

    /// Number of combinations.
    public var variantCount: Int { parameters.reduce(1) { $0 * $1.values.count } }

    /// Reads and checks a sweep file and its scenario's YAML.
    public init(_ path: String) throws(ScenarioError) {
        file = path
        let root = try Scenario.compose(try Scenario.text(ofFile: path, kind: "sweep"), file: path, kind: "sweep")
        guard let mapping = root.mapping else { throw ScenarioError(file: path, key: "", message: "a sweep is a mapping with scenario and parameters") }
        for key in mapping.keys where !["scenario", "parameters"].contains(key.string ?? "") {
            throw ScenarioError(file: path, line: key.mark?.line, key: key.string ?? "?", message: "unknown key (a sweep has scenario and parameters)")
        }
        guard let scenario = root["scenario"]?.string, !scenario.isEmpty else {
            throw ScenarioError(file: path, key: "scenario", message: "is required: the scenario file the sweep varies")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        scenarioPath = scenario.hasPrefix("/") ? scenario : folder.appendingPathComponent(scenario).path
        guard let given = root["parameters"]?.mapping, !given.isEmpty else {
            throw ScenarioError(file: path, key: "parameters", message: "is required: a mapping of key paths to lists of values")
        }
        var parameters: [Parameter] = []
        var count = 1
        for (key, value) in given {
            let line = key.mark?.line
            guard let text = key.string, let place = ScenarioNodePath(text) else {
                throw ScenarioError(file: path, line: line, key: "parameters", message: "'\(key.string ?? "?")' is not a key path (keys joined by dots, list entries as [name] or [0])")
            }
            guard let values = value.sequence, !values.isEmpty else {
                throw ScenarioError(file: path, line: line, key: "parameters.\(text)", message: "must be a non-empty list of values")
            }
            count *= values.count
            guard count <= Self.maximumVariants else {
                throw ScenarioError(file: path, line: line, key: "parameters.\(text)", message: "the sweep exceeds \(Self.maximumVariants) variants")
            }
            parameters.append(Parameter(key: text, path: place, values: Array(values), line: line))
        }
        self.parameters = parameters
        scenarioRoot = try Scenario.compose(try Scenario.text(ofFile: scenarioPath, kind: "scenario"), file: scenarioPath, kind: "scenario")
    }

    /// The value of each parameter in variant `index` (0-based), as written in the sweep.
    public func settings(ofVariant index: Int) -> [(key: String, value: String)] {
        var rest = index
        var chosen = [(key: String, value: String)](repeating: ("", ""), count: parameters.count)
        for (p, parameter) in parameters.enumerated().reversed() {
            let value = parameter.values[rest % parameter.values.count]
            rest /= parameter.values.count
            chosen[p] = (parameter.key, value.string ?? (try? Yams.serialize(node: value).trimmingCharacters(in: .whitespacesAndNewlines)) ?? "?")
        }
        return chosen
    }

    /// Variant `index`'s scenario, read and checked (its grid and profiles loaded).
    public func scenario(ofVariant index: Int) throws(ScenarioError) -> PreparedScenario {
        precondition(index >= 0 && index < variantCount, "no variant \(index)")
        var rest = index
        var choice = [Int](repeating: 0, count: parameters.count)
        for p in parameters.indices.reversed() {
            choice[p] = rest % parameters[p].values.count
            rest /= parameters[p].values.count
        }
        var root = scenarioRoot
        for (p, parameter) in parameters.enumerated() {
            do {
                root = try parameter.path.setting(parameter.values[choice[p]], in: root)
            } catch {
                throw ScenarioError(file: file, line: parameter.line, key: "parameters.\(parameter.key)", message: error.description)
            }
        }
        let settings = settings(ofVariant: index).map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        do {
            return try PreparedScenario.prepare(try Scenario.decode(root, file: scenarioPath), file: scenarioPath)
        } catch {
            throw ScenarioError(file: file, key: "variant \(index + 1) (\(settings))", message: error.description)
        }
    }
}
