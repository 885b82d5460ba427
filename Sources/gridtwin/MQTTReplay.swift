import Foundation
import LiveTwin
import MQTT

/// The MQTT side of `replay --mqtt`: frames published with QoS 1 on the topic, the twin's reports read back from
/// TOPIC/reports to count what it accepted.
final class MQTTReplay: @unchecked Sendable {
    let client: MQTTClient
    let topic: String
    private let lock = NSLock()
    private var reports: [IngestReport] = []
    private var refused = 0

    /// Connects to the broker at `address` (HOST:PORT) and listens for the twin's reports.
    init(address: String, topic: String) throws {
        let (host, port) = try ServeCommand.address(address, option: "--mqtt")
        do {
            client = try MQTTClient(host: host, port: port)
        } catch {
            throw CommandError("--mqtt: \(error)")
        }
        self.topic = topic
        try client.subscribe(topic + "/reports", qos: 0) { [weak self] message in
            guard let self else { return }
            let payload = message.payload
            let report = try? JSONDecoder().decode(IngestReport.self, from: Data(payload))
            lock.withLock {
                if let report { reports.append(report) } else if !payload.contains(Array("dropped".utf8)) { refused += 1 }
            }
        }
        // The subscription is in place (the broker's SUBACK) before the first frame goes out.
        guard client.waitUntilSubscribed(timeoutSeconds: 10) else {
            client.close()
            throw CommandError("--mqtt: the broker did not acknowledge the subscription to \(topic)/reports within 10 s")
        }
    }

    func publish(_ frame: Data) throws {
        do {
            try client.publish(topic, payload: Array(frame), qos: 1)
        } catch {
            throw CommandError("--mqtt: \(error)")
        }
    }

    /// Waits (at most a minute) for the broker's acknowledgements and the twin's reports of `frames` frames; the
    /// samples accepted and rejected, and the frames without a report (refused whole, or never answered).
    func finish(frames: Int) throws -> (accepted: Int, rejected: Int, unreported: Int) {
        guard client.waitUntilAcknowledged(timeoutSeconds: 60) else {
            throw CommandError("--mqtt: the broker did not acknowledge every frame within a minute")
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && lock.withLock({ reports.count + refused }) < frames {
            Thread.sleep(forTimeInterval: 0.02)
        }
        return lock.withLock {
            (reports.reduce(0) { $0 + $1.accepted }, reports.reduce(0) { $0 + $1.rejected.count }, max(0, frames - reports.count))
        }
    }
}
