import Foundation

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

        package enum CodingKeys: String, CodingKey, CaseIterable {
            case start, step, steps, end
        }
    }

    public struct LoadOverride: Sendable, Decodable {
        public var profile: String?
        public var scale: Double?
        public var qProfile: String?

        package enum CodingKeys: String, CodingKey, CaseIterable {
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

        package enum CodingKeys: String, CodingKey, CaseIterable {
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

        package enum CodingKeys: String, CodingKey, CaseIterable {
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

        package enum CodingKeys: String, CodingKey, CaseIterable {
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

        package enum CodingKeys: String, CodingKey, CaseIterable {
            case method
            case rampLimits = "ramp_limits"
        }
    }

    public struct Limits: Sendable, Decodable {
        public var branchLoadingPercent: Double?
        public var voltagePU: [Double]?
        /// Most re-solves per step to remove overloads by curtailment.
        public var curtailmentRounds: Int?

        package enum CodingKeys: String, CodingKey, CaseIterable {
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

        package enum CodingKeys: String, CodingKey, CaseIterable {
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

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case grid, time, profiles, loads, renewables, storage, dispatch, limits, ratings
    }
}
