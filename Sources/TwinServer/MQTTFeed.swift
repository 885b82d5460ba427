import Foundation
import LiveTwin
import MQTT
import Reports

/// Measurement frames from an MQTT topic — the transport of SCADA and IoT gateways — into a live model: the same
/// JSON frames as `POST /v1/measurements`, each ingested in arrival order (written to the history before its report),
/// the estimate triggered as for HTTP. Each frame's report (or why it was refused) is published on
/// `TOPIC/reports`. Who may publish is the broker's to decide (Mosquitto's password file and ACLs): the subscriber
/// itself holds no write token.
public enum MQTTFeed {
    /// Frames waiting for the model beyond this are dropped (oldest kept) and counted in the reports' topic.
    public static let backlogFrames = 256

    /// Subscribes `client` to `topic` and feeds `model` until cancelled.
    public static func run(client: MQTTClient, topic: String, model: LiveTwinModel) async throws {
        let (frames, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingOldest(backlogFrames))
        let dropped = DropCounter()
        try client.subscribe(topic) { _, payload in
            if case .dropped = continuation.yield(payload) { dropped.add() }
        }
        let reports = topic + "/reports"
        try await withTaskCancellationHandler {
            for await payload in frames {
                let reply = try await TwinServer.feedReply(to: Data(payload), model: model)
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

    /// Frames dropped because the backlog was full (counted on the client's thread, read by the feed).
    private final class DropCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        func take() -> Int { lock.withLock { defer { count = 0 }; return count } }
    }
}
