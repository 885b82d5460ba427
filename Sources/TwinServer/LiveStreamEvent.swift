import LiveTwin

/// What `WS /v1/stream` pushes for every new estimate: its times, its alarms (violations, bad data, an unobservable
/// area, a failed estimate) and compact values for a live drawing — `[bus id, |V| p.u., angle °]` per bus and
/// `[branch row, loading %]` per rated branch.
struct LiveStreamEvent: Encodable {
    struct Alarm: Encodable {
        /// `overload`, `voltage`, `bad_data`, `unobservable` or `estimate_failed`.
        var kind: String
        var message: String
    }

    var type = "estimate"
    var measuredAt: Double
    var estimatedAt: Double
    var frames: Int
    var chiSquareAlarm: Bool
    var alarms: [Alarm]
    var buses: [[Double]]
    var loadings: [[Double]]

    init(_ state: LiveState) {
        measuredAt = state.measuredAt
        estimatedAt = state.estimatedAt
        frames = state.frames
        chiSquareAlarm = state.chiSquareAlarm
        var alarms = state.violations.map { violation in
            Alarm(kind: violation.kind, message: violation.kind == "overload"
                ? "branch row \(violation.element) at \(Int(violation.value.rounded())) % of RATE_A"
                : "bus \(violation.element) at \(violation.value) p.u. (limit \(violation.limit))")
        }
        alarms += state.badData.map { sensor in
            let place = sensor.side == nil ? "bus \(sensor.element)" : "branch row \(sensor.element) (\(sensor.side!) end)"
            return Alarm(kind: "bad_data", message: "\(sensor.kind) at \(place) removed as bad data")
        }
        if !state.unobservableBuses.isEmpty {
            alarms.append(Alarm(kind: "unobservable", message: "\(state.unobservableBuses.count) bus(es) unobservable"))
        } else if let error = state.error {
            alarms.append(Alarm(kind: "estimate_failed", message: error))
        }
        self.alarms = alarms
        buses = state.buses.map { [Double($0.id), $0.vmPu, $0.vaDeg] }
        loadings = state.branches.compactMap { branch in branch.loadingPercent.map { [Double(branch.row), $0] } }
    }
}
