import CMosquitto
import Foundation

/// An MQTT 3.1.1 client on libmosquitto (Debian's `libmosquitto-dev`), the C client of the Mosquitto project: its
/// network loop runs on its own thread, reconnects by itself (1–10 s back-off) and re-subscribes on every connect.
/// Chosen over a hand-written SwiftNIO client: the protocol's sessions, QoS 1/2 handshakes, keep-alives and
/// reconnects come from a library that SCADA and IoT gateways already run.
///
/// Messages arrive on the loop's thread through the handler given to ``subscribe(_:qos:onMessage:)``; keep it short
/// (hand the payload over to a task). Call ``close()`` before dropping the client.
public final class MQTTClient: @unchecked Sendable {
    /// libmosquitto's process-wide set-up, done once (it is not thread-safe; a Swift static is initialized once).
    private static let library: Int32 = mosquitto_lib_init()

    private let handle: OpaquePointer
    /// Guards the state below (touched by callers and by the loop's thread).
    private let lock = NSLock()
    private var subscriptions: [(topic: String, qos: Int32)] = []
    private var handler: (@Sendable (String, [UInt8]) -> Void)?
    private var unacknowledged = Set<Int32>()
    /// Subscriptions sent and not yet acknowledged (SUBACK), by message id → topic; topics the broker refused.
    private var pendingSubscriptions: [Int32: String] = [:]
    private var grantedSubscriptions = 0
    private var refusedTopics: [String] = []
    private var closed = false
    public let host: String
    public let port: Int

    /// Connects to the broker at `host`:`port` (blocking until the TCP connection is up) and starts the loop.
    ///
    /// - Throws: ``MQTTError`` when the broker cannot be reached.
    public init(host: String, port: Int, clientID: String? = nil) throws(MQTTError) {
        _ = Self.library
        guard let handle = mosquitto_new(clientID, true, nil) else { throw MQTTError("cannot create an MQTT client") }
        self.handle = handle
        self.host = host
        self.port = port
        mosquitto_user_data_set(handle, Unmanaged.passUnretained(self).toOpaque())
        mosquitto_connect_callback_set(handle) { _, context, code in
            guard let context, code == 0 else { return }
            Unmanaged<MQTTClient>.fromOpaque(context).takeUnretainedValue().resubscribe()
        }
        mosquitto_message_callback_set(handle) { _, context, message in
            guard let context, let message, let topic = message.pointee.topic else { return }
            let count = Int(message.pointee.payloadlen)
            let payload = count > 0 && message.pointee.payload != nil
                ? Array(UnsafeRawBufferPointer(start: message.pointee.payload, count: count)) : []
            Unmanaged<MQTTClient>.fromOpaque(context).takeUnretainedValue().deliver(String(cString: topic), payload)
        }
        mosquitto_subscribe_callback_set(handle) { _, context, mid, count, granted in
            guard let context else { return }
            // 0x80 in the granted QoS: the broker refused the subscription.
            let refused = count < 1 || granted == nil || granted![0] == 0x80
            Unmanaged<MQTTClient>.fromOpaque(context).takeUnretainedValue().subscriptionAcknowledged(mid, refused: refused)
        }
        mosquitto_publish_callback_set(handle) { _, context, mid in
            guard let context else { return }
            Unmanaged<MQTTClient>.fromOpaque(context).takeUnretainedValue().acknowledged(mid)
        }
        mosquitto_reconnect_delay_set(handle, 1, 10, true)
        let connected = mosquitto_connect(handle, host, Int32(port), 30)
        guard connected == MOSQ_ERR_SUCCESS.rawValue else {
            mosquitto_destroy(handle)
            throw MQTTError("cannot connect to the MQTT broker at \(host):\(port): \(String(cString: mosquitto_strerror(connected)))")
        }
        mosquitto_loop_start(handle)
    }

    deinit { close() }

    /// Disconnects and stops the loop (waiting for its thread); the client is unusable afterwards.
    public func close() {
        lock.lock()
        let wasClosed = closed
        closed = true
        lock.unlock()
        guard !wasClosed else { return }
        mosquitto_disconnect(handle)
        mosquitto_loop_stop(handle, false)
        mosquitto_destroy(handle)
    }

    /// Subscribes to `topic` (wildcards allowed); `onMessage` gets each message's topic and payload.
    public func subscribe(_ topic: String, qos: Int = 1, onMessage: @escaping @Sendable (String, [UInt8]) -> Void) throws(MQTTError) {
        lock.lock()
        handler = onMessage
        subscriptions.append((topic, Int32(qos)))
        lock.unlock()
        let code = send(subscription: topic, qos: Int32(qos))
        // Not connected yet is fine: the connect callback subscribes.
        guard code == MOSQ_ERR_SUCCESS.rawValue || code == MOSQ_ERR_NO_CONN.rawValue else {
            throw MQTTError("cannot subscribe to \(topic): \(String(cString: mosquitto_strerror(code)))")
        }
    }

    /// Publishes `payload` on `topic` (QoS 1: the broker acknowledges it, see ``waitUntilAcknowledged(timeoutSeconds:)``).
    public func publish(_ topic: String, payload: [UInt8], qos: Int = 1) throws(MQTTError) {
        var mid: Int32 = 0
        lock.lock()
        let code = payload.withUnsafeBytes { bytes in
            mosquitto_publish(handle, &mid, topic, Int32(bytes.count), bytes.baseAddress, Int32(qos), false)
        }
        if code == MOSQ_ERR_SUCCESS.rawValue && qos > 0 { unacknowledged.insert(mid) }
        lock.unlock()
        guard code == MOSQ_ERR_SUCCESS.rawValue else {
            throw MQTTError("cannot publish on \(topic): \(String(cString: mosquitto_strerror(code)))")
        }
    }

    /// Waits until the broker has acknowledged every QoS 1 publication (true), or the time is up (false).
    public func waitUntilAcknowledged(timeoutSeconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            lock.lock()
            let done = unacknowledged.isEmpty
            lock.unlock()
            if done { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    private func resubscribe() {
        lock.lock()
        let topics = subscriptions
        pendingSubscriptions.removeAll()  // a new connection: earlier requests will not be acknowledged
        lock.unlock()
        for (topic, qos) in topics { _ = send(subscription: topic, qos: qos) }
    }

    /// Sends a SUBSCRIBE and remembers it until its SUBACK.
    private func send(subscription topic: String, qos: Int32) -> Int32 {
        var mid: Int32 = 0
        lock.lock()
        defer { lock.unlock() }
        let code = mosquitto_subscribe(handle, &mid, topic, qos)
        if code == MOSQ_ERR_SUCCESS.rawValue { pendingSubscriptions[mid] = topic }
        return code
    }

    private func subscriptionAcknowledged(_ mid: Int32, refused: Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard let topic = pendingSubscriptions.removeValue(forKey: mid) else { return }
        if refused { refusedTopics.append(topic) } else { grantedSubscriptions += 1 }
    }

    /// Waits until the broker has acknowledged every subscription sent (SUBACK): true when all were granted, false
    /// when one was refused (see ``refusedSubscriptions``) or the time is up — e.g. the broker is not reachable yet.
    public func waitUntilSubscribed(timeoutSeconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            lock.lock()
            let settled = pendingSubscriptions.isEmpty && grantedSubscriptions + refusedTopics.count > 0
            let refused = !refusedTopics.isEmpty
            lock.unlock()
            if settled || refused { return !refused }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return false
    }

    /// Topics whose subscription the broker refused.
    public var refusedSubscriptions: [String] { lock.withLock { refusedTopics } }

    private func deliver(_ topic: String, _ payload: [UInt8]) {
        lock.lock()
        let handler = handler
        lock.unlock()
        handler?(topic, payload)
    }

    private func acknowledged(_ mid: Int32) {
        lock.lock()
        unacknowledged.remove(mid)
        lock.unlock()
    }
}
