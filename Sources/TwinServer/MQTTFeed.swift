import Foundation
import LiveTwin
import MQTT
import Reports

/// Measurement frames from an MQTT topic — the transport of SCADA and IoT gateways — into a live model: the same
/// JSON frames as `POST /v1/measurements`, each ingested in arrival order and **acknowledged to the broker (PUBACK)
/// only once it is stored** (or refused): with the client's persistent session, a frame the twin had not stored when
/// it died is delivered again after the restart. Each frame's report (or why it was refused) is published on
/// `TOPIC/reports`. Who may publish is the broker's to decide (Mosquitto's password file and ACLs): the subscriber
/// itself holds no write token.
public enum MQTTFeed {
    /// Frames waiting for the model beyond this are dropped (oldest kept) and counted in the reports' topic. QoS 1
    /// frames do not reach it — the broker sends at most its in-flight window (Mosquitto: 20) unacknowledged — and a
    /// dropped QoS 1 frame, never acknowledged, comes again after a reconnect.
    public static let backlogFrames = 256

    /// Subscribes `client` to `topic` and feeds `model` until cancelled.
    public static func run(client: MQTTClient, topic: String, model: LiveTwinModel) async throws {
        let (messages, continuation) = AsyncStream<MQTTMessage>.makeStream(bufferingPolicy: .bufferingOldest(backlogFrames))
        let dropped = DropCounter()
        try client.subscribe(topic, qos: 1) { message in
            if case .dropped = continuation.yield(message) { dropped.add() }
        }
        let reports = topic + "/reports"
        try await withTaskCancellationHandler {
            for await message in messages {
                let reply: String
                if let size = message.skippedPayloadBytes {
                    reply = try ReportJSON.text(["error": "a message of \(size) bytes, above the largest frame (\(TwinServer.maximumBodyBytes) bytes)"])
                } else {
                    // Returns once the frame is on disk (or refused); a failing history ends the feed unacknowledged.
                    reply = try await TwinServer.feedReply(to: Data(message.payload), model: model)
                }
                message.acknowledge()
                try? client.publish(reports, payload: Array(reply.utf8), qos: 0)
                let lost = dropped.take()
                if lost > 0 {
                    try? client.publish(reports, payload: Array(#"{"dropped_frames": \#(lost)}"#.utf8), qos: 0)
                }
            }
        } onCancel: {
            continuation.finish()
        }
    }

    /// The client identifier `serve` gives its persistent session by default: `gridtwin-serve-` and the topic.
    public static func defaultClientID(topic: String) -> String {
        "gridtwin-serve-" + String(topic.map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(64))
    }

    /// Frames dropped because the backlog was full (counted on the client's thread, read by the feed).
    private final class DropCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        func take() -> Int { lock.withLock { defer { count = 0 }; return count } }
    }
}
