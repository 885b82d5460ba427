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
        /// A MATPOWER change table (`apply_changes`, e.g. `scenarios_ACTIVSg200.m`) giving each step's loads: label 1
        /// is the first step. Area and bus load changes are read; `zones: true` groups buses by ZONE instead of
        /// BUS_AREA (as the ACTIVSg scenarios ask).
        public var changes: String?
        public var zones: Bool?

        package enum CodingKeys: String, CodingKey, CaseIterable {
            case profile, scale, buses, changes, zones
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

    /// Commitment rules of one generator (or of every one, under the key `all`).
    public struct Unit: Sendable, Decodable {
        /// Always committed (PMIN binds every step).
        public var mustRun: Bool?
        /// Hours a unit stays on after a start, and off after a stop.
        public var minUpHours: Double?
        public var minDownHours: Double?
        /// Cost of a start, $ (default: gencost's STARTUP).
        public var startupCost: Double?

        package enum CodingKeys: String, CodingKey, CaseIterable {
            case mustRun = "must_run"
            case minUpHours = "min_up_hours"
            case minDownHours = "min_down_hours"
            case startupCost = "startup_cost"
        }
    }

    public struct Dispatch: Sendable, Decodable {
        /// `optimal` (default), `rules` or `merit-order` (gencost), `participation` (PMAX shares).
        public var method: String?
        /// Respect RAMP_AGC (MW/min) between steps.
        public var rampLimits: Bool?
        /// Look-ahead of the optimal dispatch (`1h`, `24h` …; default one step), re-optimised every step.
        public var window: String?
        /// `milp` (default: binaries for the step decided, the look-ahead relaxed), `milp-window` (binaries in every
        /// period) or `relaxed` (LP relaxation, rounded, re-solved).
        public var commitment: String?
        /// $/MWh of curtailed renewable energy (default 1) and of unserved load (default 10,000).
        public var curtailmentPenalty: Double?
        /// $/MWh per MW beyond a branch's DC limit (soft limits).
        public var flowLimitPenalty: Double?
        public var valueOfLostLoad: Double?
        /// Marginal loss factors from the last AC state in the balance (penalty factors; default false: losses as a lump).
        public var lossFactors: Bool?
        /// Commitment rules per generator, keyed "BUS" or "BUS#N" (N-th generator at the bus), or `all`.
        public var units: [String: Unit]?
        /// Hours a unit kept on for voltage support (its step diverged without it) stays committed (default 8; 0: none).
        public var voltageSupportHours: Double?

        package enum CodingKeys: String, CodingKey, CaseIterable {
            case method, window, commitment, units
            case rampLimits = "ramp_limits"
            case curtailmentPenalty = "curtailment_penalty"
            case flowLimitPenalty = "flow_limit_penalty"
            case valueOfLostLoad = "value_of_lost_load"
            case lossFactors = "loss_factors"
            case voltageSupportHours = "voltage_support_hours"
        }
    }

    public struct Limits: Sendable, Decodable {
        public var branchLoadingPercent: Double?
        public var voltagePU: [Double]?
        /// Most re-solves per step to remove overloads by curtailment.
        public var curtailmentRounds: Int?
        /// `setpoints` (default: generators' voltage set-points moved within their reactive limits to keep buses in
        /// the band) or `none`.
        public var voltageControl: String?

        package enum CodingKeys: String, CodingKey, CaseIterable {
            case branchLoadingPercent = "branch_loading_percent"
            case voltagePU = "voltage_pu"
            case curtailmentRounds = "curtailment_rounds"
            case voltageControl = "voltage_control"
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

    /// Bus shunts switched in steps by their buses' voltage (``ShuntSwitching``); without it, every shunt stays as
    /// the case gives it (MATPOWER's fixed BS).
    public struct Shunts: Sendable, Decodable {
        /// `voltage` (each bank switched by its own bus's voltage) or `none` (the default).
        public var control: String?
        /// [low, high], p.u.: a capacitor steps out above `high` and in below `low` (a reactor the other way);
        /// default: the scenario's voltage band (`limits.voltage_pu`).
        public var bandPU: [Double]?
        /// Equal steps each bank is switched in (default 4).
        public var steps: Int?

        package enum CodingKeys: String, CodingKey, CaseIterable {
            case control, steps
            case bandPU = "band_pu"
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
    public var shunts: Shunts?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case grid, time, profiles, loads, renewables, storage, dispatch, limits, ratings, shunts
    }
}
