import Foundation
import LiveTwin
import MQTT
import TestFixtures
import Testing

/// What an MQTT acknowledgement promises: a QoS 1 message the subscriber has not acknowledged is the broker's to
/// deliver again, so that the twin acknowledges a frame only once it is stored and loses none to `kill -9`.
@Suite("MQTT acknowledgements", .serialized)
struct MQTTAcknowledgementTests {
    /// Messages a subscriber received, collected across the client's thread.
    final class Inbox: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [MQTTMessage] = []
        func add(_ message: MQTTMessage) { lock.withLock { messages.append(message) } }
        var all: [MQTTMessage] { lock.withLock { messages } }

        func wait(forCount count: Int, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if all.count >= count { return true }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return all.count >= count
        }
    }

    @Test("a QoS 1 message left unacknowledged comes again to the same session; an acknowledged one does not")
    func unacknowledgedComesAgain() throws {
        let broker = try BrokerProcess()
        let first = try MQTTClient(host: "127.0.0.1", port: broker.port, clientID: "ack-test", cleanSession: false)
        let firstInbox = Inbox()
        try first.subscribe("plant/feed", qos: 1) { message in
            firstInbox.add(message)
            if message.payload == Array("stored".utf8) { message.acknowledge() }
        }
        #expect(first.waitUntilSubscribed(timeoutSeconds: 10))
        let publisher = try MQTTClient(host: "127.0.0.1", port: broker.port)
        defer { publisher.close() }
        try publisher.publish("plant/feed", payload: Array("stored".utf8), qos: 1)
        try publisher.publish("plant/feed", payload: Array("not yet stored".utf8), qos: 1)
        #expect(publisher.waitUntilAcknowledged(timeoutSeconds: 10))
        #expect(firstInbox.wait(forCount: 2, seconds: 10))
        Thread.sleep(forTimeInterval: 0.2)  // the PUBACK on its way
        first.close()

        // The same session again: only the message that was not acknowledged, marked as a repeat.
        let second = try MQTTClient(host: "127.0.0.1", port: broker.port, clientID: "ack-test", cleanSession: false)
        defer { second.close() }
        let secondInbox = Inbox()
        try second.subscribe("plant/feed", qos: 1) { message in
            secondInbox.add(message)
            message.acknowledge()
        }
        #expect(secondInbox.wait(forCount: 1, seconds: 10))
        Thread.sleep(forTimeInterval: 0.5)  // nothing else follows
        let again = secondInbox.all
        #expect(again.map { String(decoding: $0.payload, as: UTF8.self) } == ["not yet stored"])
        #expect(again.first?.isRedelivery == true)

        // A clean session forgets: nothing comes to a new one.
        let clean = try MQTTClient(host: "127.0.0.1", port: broker.port, clientID: "ack-test", cleanSession: true)
        defer { clean.close() }
        let cleanInbox = Inbox()
        try clean.subscribe("plant/feed", qos: 1) { cleanInbox.add($0) }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(cleanInbox.all.isEmpty)
    }

    @Test("serve killed with -9 while frames arrive over MQTT: after the restart every frame the broker took is stored")
    func framesSurviveKill() async throws {
        let broker = try BrokerProcess()
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let arguments = [Fixtures.packageRoot + "/grids/case118.m", "--db", folder + "/twin.sqlite", "--mqtt",
                         "127.0.0.1:\(broker.port)", "--topic", "twin/feed"]
        var server = try ServerProcess(arguments)
        #expect(server.waitForLog("subscribed to twin/feed (acknowledged by the broker)", seconds: 10), "\(server.log)")
        let publisher = try MQTTClient(host: "127.0.0.1", port: broker.port)
        defer { publisher.close() }
        let frames = 80
        for time in 1...frames {
            let samples = (1...118).map { bus in
                #"{"sensor": {"kind": "vm", "element": \#(bus)}, "value": 1.0\#(bus % 10), "sigma": 0.01, "time": \#(time)}"#
            }
            try publisher.publish("twin/feed", payload: Array(#"{"samples": [\#(samples.joined(separator: ","))]}"#.utf8), qos: 1)
        }
        #expect(publisher.waitUntilAcknowledged(timeoutSeconds: 10))
        server.killHard()  // at once: some frames stored, some in flight, some still at the broker

        server = try ServerProcess(arguments)
        var newest = 0.0
        for _ in 0..<300 where newest < Double(frames) {
            let (status, body) = try await server.request("GET", "/v1/state")
            if status == 200, let state = try JSONSerialization.jsonObject(with: body) as? [String: Any] {
                newest = state["measured_at"] as? Double ?? 0
            }
            if newest < Double(frames) { try await Task.sleep(nanoseconds: 50_000_000) }
        }
        #expect(newest == Double(frames), "the last frame was not estimated after the restart")
        #expect(server.stop() == 0)
        // Frames come in order, so every earlier frame is stored too: each time at least once.
        let stored = try TwinHistory(path: folder + "/twin.sqlite").recentFrames(limit: 10_000)
        let times = Set(stored.flatMap { $0.samples.map(\.time) })
        #expect(times == Set((1...frames).map(Double.init)), "missing: \(Set((1...frames).map(Double.init)).subtracting(times).sorted())")
    }
}
