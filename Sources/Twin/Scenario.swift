import Foundation
import Yams

/// A time-series scenario: a grid plus what a MATPOWER case cannot say — time, profiles, loads over time, renewable
/// plants, storage, dispatch and limits. Read from YAML (or JSON) with ``Scenario/read(_:)``; every key is in
/// README's scenario section.
public struct Scenario: Sendable, Decodable {
    public struct Time: Sendable, Decodable {
        /// First step, ISO 8601 (`2016-01-01T00:00`) or `dd.mm.yyyy HH:MM`.
        public var start: String
        /// Step length: `15min`, `30min`, `1h`, `2h`, `1d` …
        public var step: String
        /// Number of steps, or `end` (exclusive).
        public var steps: Int?
        public var end: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case start, step, steps, end
        }
    }

    public struct LoadOverride: Sendable, Decodable {
        public var profile: String?
        public var scale: Double?
        public var qProfile: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case profile, scale
            case qProfile = "q_profile"
        }
    }

    public struct Loads: Sendable, Decodable {
        /// Profile column for every load (P = base P × profile × scale); Q keeps each load's power factor unless
        /// `q_profile` is given (Q = base Q × q_profile × scale).
        public var profile: String?
        public var scale: Double?
        public var qProfile: String?
        /// Per-bus overrides, by bus number.
        public var buses: [String: LoadOverride]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case profile, scale, buses
            case qProfile = "q_profile"
        }
    }

    public struct Renewable: Sendable, Decodable {
        public var name: String
        public var bus: Int
        /// `wind`, `solar` or anything else (reported as given).
        public var kind: String
        public var capacityMW: Double
        /// Profile column, per unit of capacity.
        public var profile: String
        /// Whether the controller may curtail it (default true).
        public var curtailable: Bool?
        /// cos φ of its output (1 = active power only; below 1 it also injects Q).
        public var powerFactor: Double?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, bus, kind, profile, curtailable
            case capacityMW = "capacity_mw"
            case powerFactor = "power_factor"
        }
    }

    public struct Storage: Sendable, Decodable {
        public var name: String
        public var bus: Int
        /// Charge and discharge power limit, MW.
        public var powerMW: Double
        /// Energy capacity, MWh.
        public var energyMWh: Double
        /// Round-trip efficiency (applied on charging), 0-1.
        public var efficiency: Double?
        /// State of charge, fraction of capacity.
        public var socInitial: Double?
        public var socMin: Double?
        public var socMax: Double?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, bus, efficiency
            case powerMW = "power_mw"
            case energyMWh = "energy_mwh"
            case socInitial = "soc_initial"
            case socMin = "soc_min"
            case socMax = "soc_max"
        }
    }

    public struct Dispatch: Sendable, Decodable {
        /// `merit-order` (gencost) or `participation` (PMAX shares).
        public var method: String?
        /// Respect RAMP_AGC (MW/min) between steps.
        public var rampLimits: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case method
            case rampLimits = "ramp_limits"
        }
    }

    public struct Limits: Sendable, Decodable {
        public var branchLoadingPercent: Double?
        public var voltagePU: [Double]?
        /// Most re-solves per step to remove overloads by curtailment.
        public var curtailmentRounds: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case branchLoadingPercent = "branch_loading_percent"
            case voltagePU = "voltage_pu"
            case curtailmentRounds = "curtailment_rounds"
        }
    }

    public struct Ratings: Sendable, Decodable {
        /// Rating for branches whose RATE_A is 0, MVA.
        public var defaultMVA: Double?
        /// Ratings by branch "FROM-TO", MVA.
        public var branches: [String: Double]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case branches
            case defaultMVA = "default_mva"
        }
    }

    public var grid: String
    public var time: Time
    public var profiles: String
    public var loads: Loads?
    public var renewables: [Renewable]?
    public var storage: [Storage]?
    public var dispatch: Dispatch?
    public var limits: Limits?
    public var ratings: Ratings?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case grid, time, profiles, loads, renewables, storage, dispatch, limits, ratings
    }
}

/// A scenario problem: the key and what is wrong (exit code 2, nothing written).
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line in `file`, when known.
    public var line: Int?
    public var key: String
    public var message: String

    public init(file: String, line: Int? = nil, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

extension Scenario {
    /// The largest scenario file read, bytes.
    public static let maximumFileBytes = 16 << 20

    /// Reads a scenario file (YAML or JSON): malformed YAML, unknown keys and values of the wrong type are errors
    /// naming the line and the key.
    public static func read(_ path: String) throws(ScenarioError) -> Scenario {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileBytes {
            throw ScenarioError(file: path, key: "", message: "the file is larger than \(maximumFileBytes >> 20) MiB")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScenarioError(file: path, key: "", message: "cannot read the scenario file (missing, a folder, or not UTF-8 text)")
        }
        return try parse(text, file: path)
    }

    /// Parses a scenario's text; `file` names it in messages.
    public static func parse(_ text: String, file path: String) throws(ScenarioError) -> Scenario {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw ScenarioError(file: path, key: "", message: "the scenario is empty")
            }
            root = node
        } catch let error as ScenarioError {
            throw error
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: path)
        } catch {
            throw ScenarioError(file: path, key: "", message: "malformed YAML (\(error))")
        }
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
