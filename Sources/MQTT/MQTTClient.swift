import Foundation
import NIOCore
import NIOPosix

/// An MQTT 3.1.1 client on SwiftNIO: subscribe with QoS 0 or 1, publish with QoS 0 or 1, keep-alive pings, and
/// reconnects by itself (1–10 s back-off), subscribing again and re-sending unacknowledged publications.
///
/// Written here rather than wrapping libmosquitto (which this project used first) for one reason: a subscriber that
/// stores what it receives must acknowledge a QoS 1 message *after* storing it, and Debian's libmosquitto (2.0.11)
/// sends the PUBACK before its message callback runs. Here a message is acknowledged when its handler calls
/// ``MQTTMessage/acknowledge()``; with a persistent session (`cleanSession: false` and a fixed client identifier)
/// the broker delivers whatever was not acknowledged again when the client returns — even after `kill -9`.
///
/// Messages reach the handler given to ``subscribe(_:qos:onMessage:)`` on the client's event-loop thread, in arrival
/// order (those that arrive before it is given wait for it); keep it short. Call ``close()`` when done.
public final class MQTTClient: @unchecked Sendable {
    public let host: String
    public let port: Int
    public let clientID: String
    private let cleanSession: Bool
    private let keepAliveSeconds: UInt16
    private let maximumPayloadBytes: Int
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// Guards everything below (touched by callers and by the event loop).
    private let lock = NSLock()
    private var channel: (any Channel)?
    /// Counts connections; packets and losses of an earlier connection are ignored.
    private var generation = 0
    private var connected = false
    private var keepAlive: RepeatedTask?
    private var reconnectDelaySeconds = 1.0
    private var closed = false
    private var firstAcknowledgement: UInt8?
    private let firstConnection = DispatchSemaphore(value: 0)
    private var subscriptions: [(topic: String, qos: UInt8)] = []
    private var handler: (@Sendable (MQTTMessage) -> Void)?
    private var waitingForHandler: [MQTTMessage] = []
    private var lastPacketID: UInt16 = 0
    /// QoS 1 publications not yet acknowledged by the broker, in the order sent (re-sent after a reconnect).
    private var unacknowledged: [(id: UInt16, publication: MQTTPublication)] = []
    /// Subscriptions sent and not yet acknowledged (SUBACK), by packet id → topic; topics the broker refused.
    private var pendingSubscriptions: [UInt16: String] = [:]
    private var grantedSubscriptions = 0
    private var refusedTopics: [String] = []

    /// Connects to the broker at `host`:`port` and waits (at most 10 s) for it to accept the session.
    ///
    /// - Parameters:
    ///   - clientID: the session's name at the broker (a random one when nil); give a fixed one with
    ///     `cleanSession: false` to have unacknowledged messages delivered again after a restart.
    ///   - maximumPayloadBytes: larger messages are not kept (see ``MQTTMessage/skippedPayloadBytes``).
    /// - Throws: ``MQTTError`` when the broker cannot be reached or refuses the session.
    public init(host: String, port: Int, clientID: String? = nil, cleanSession: Bool = true, keepAliveSeconds: UInt16 = 30,
                maximumPayloadBytes: Int = 64 << 20) throws(MQTTError) {
        self.host = host
        self.port = port
        self.clientID = clientID ?? "gridtwin-" + UUID().uuidString.prefix(8).lowercased()
        self.cleanSession = cleanSession
        self.keepAliveSeconds = max(keepAliveSeconds, 2)
        self.maximumPayloadBytes = maximumPayloadBytes
        do {
            _ = try open().wait()
        } catch {
            group.shutdownGracefully { _ in }
            throw MQTTError("cannot connect to the MQTT broker at \(host):\(port): \(error)")
        }
        guard firstConnection.wait(timeout: .now() + 10) == .success, let code = lock.withLock({ firstAcknowledgement }) else {
            close()
            throw MQTTError("cannot connect to the MQTT broker at \(host):\(port): no CONNACK within 10 s")
        }
        guard code == 0 else {
            close()
            let reasons = [1: "protocol version", 2: "client identifier", 3: "server unavailable", 4: "user name or password", 5: "not authorized"]
            throw MQTTError("the MQTT broker at \(host):\(port) refused the connection (code \(code): \(reasons[Int(code)] ?? "unknown"))")
        }
    }

    deinit { close() }

    /// Disconnects (DISCONNECT, then the socket) and stops the event loop; the client is unusable afterwards.
    public func close() {
        let channel: (any Channel)? = lock.withLock {
            guard !closed else { return nil }
            closed = true
            keepAlive?.cancel()
            defer { self.channel = nil }
            return self.channel
        }
        if let channel {
            let sent = channel.writeAndFlush(MQTTPacket.disconnect.encoded()).flatMap { channel.close() }
            if !channel.eventLoop.inEventLoop { _ = try? sent.wait() }
        }
        group.shutdownGracefully { _ in }
    }

    /// Subscribes to `topic` (wildcards allowed) with QoS `qos` (0 or 1); `onMessage` gets every message (for QoS 1,
    /// acknowledge each once it is safe).
    public func subscribe(_ topic: String, qos: Int = 1, onMessage: @escaping @Sendable (MQTTMessage) -> Void) throws(MQTTError) {
        try Self.check(topic: topic, wildcards: true)
        guard qos == 0 || qos == 1 else { throw MQTTError("QoS \(qos): this client subscribes with QoS 0 or 1") }
        let waiting: [MQTTMessage] = lock.withLock {
            handler = onMessage
            subscriptions.append((topic, UInt8(qos)))
            if connected { sendSubscription(topic: topic, qos: UInt8(qos)) }
            defer { waitingForHandler = [] }
            return waitingForHandler
        }
        for message in waiting { onMessage(message) }
    }

    /// Publishes `payload` on `topic` with QoS `qos` (0 or 1). A QoS 1 publication is kept until the broker
    /// acknowledges it — sent again after a reconnect — see ``waitUntilAcknowledged(timeoutSeconds:)``.
    public func publish(_ topic: String, payload: [UInt8], qos: Int = 1) throws(MQTTError) {
        try Self.check(topic: topic, wildcards: false)
        guard qos == 0 || qos == 1 else { throw MQTTError("QoS \(qos): this client publishes with QoS 0 or 1") }
        var publication = MQTTPublication(topic: topic, payload: payload, qos: UInt8(qos))
        lock.lock()
        guard qos == 1 || connected else {
            lock.unlock()
            throw MQTTError("cannot publish on \(topic): not connected to the broker")
        }
        if qos == 1 {
            publication.packetID = nextPacketID()
            unacknowledged.append((publication.packetID, publication))
        }
        let channel = connected ? self.channel : nil
        lock.unlock()
        channel?.writeAndFlush(MQTTPacket.publish(publication).encoded(), promise: nil)
    }

    /// Waits until the broker has acknowledged every QoS 1 publication (true), or the time is up (false).
    public func waitUntilAcknowledged(timeoutSeconds: Double) -> Bool {
        wait(timeoutSeconds: timeoutSeconds) { unacknowledged.isEmpty } ?? false
    }

    /// Waits until the broker has acknowledged every subscription sent (SUBACK): true when all were granted, false
    /// when one was refused (see ``refusedSubscriptions``) or the time is up — e.g. the broker is not reachable yet.
    public func waitUntilSubscribed(timeoutSeconds: Double) -> Bool {
        let settled = wait(timeoutSeconds: timeoutSeconds) {
            !refusedTopics.isEmpty || (pendingSubscriptions.isEmpty && grantedSubscriptions > 0) ? true : nil
        }
        return settled == true && refusedSubscriptions.isEmpty
    }

    /// Topics whose subscription the broker refused.
    public var refusedSubscriptions: [String] { lock.withLock { refusedTopics } }

    // MARK: The connection

    /// Opens a connection and sends CONNECT; the broker's CONNACK arrives at ``received(_:generation:)``.
    private func open() -> EventLoopFuture<any Channel> {
        let generation = lock.withLock {
            self.generation += 1
            return self.generation
        }
        let maximumPayloadBytes = maximumPayloadBytes
        let connect = MQTTPacket.connect(clientID: clientID, cleanSession: cleanSession, keepAliveSeconds: keepAliveSeconds).encoded()
        return ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .channelInitializer { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(MQTTPacketDecoder(maximumPayloadBytes: maximumPayloadBytes)))
                    try channel.pipeline.syncOperations.addHandler(MQTTConnectionHandler(client: self, generation: generation))
                }
            }
            .connect(host: host, port: port)
            .flatMap { [weak self] channel in
                self?.lock.withLock { if self?.generation == generation { self?.channel = channel } }
                return channel.writeAndFlush(connect).map { channel }
            }
    }

    /// A packet from the broker on connection `generation`.
    func received(_ packet: MQTTPacket, generation: Int) {
        lock.lock()
        guard generation == self.generation, !closed else { return lock.unlock() }
        switch packet {
        case .connectAcknowledgement(_, let code):
            if firstAcknowledgement == nil {
                firstAcknowledgement = code
                firstConnection.signal()
            }
            guard code == 0, let channel else { return lock.unlock() }
            connected = true
            reconnectDelaySeconds = 1
            pendingSubscriptions.removeAll()  // a new connection: earlier requests will not be acknowledged
            for (topic, qos) in subscriptions { sendSubscription(topic: topic, qos: qos) }
            for (_, publication) in unacknowledged {
                var again = publication
                again.duplicate = true
                channel.writeAndFlush(MQTTPacket.publish(again).encoded(), promise: nil)
            }
            let ping = MQTTPacket.pingRequest.encoded()
            let interval = TimeAmount.seconds(Int64(keepAliveSeconds / 2))
            keepAlive = channel.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
                channel.writeAndFlush(ping, promise: nil)
            }
            lock.unlock()
        case .publish(let publication):
            guard publication.qos < 2 else { return lock.unlock() }  // never subscribed with QoS 2
            let packetID = publication.packetID, qos = publication.qos
            let message = MQTTMessage(
                topic: publication.topic, payload: publication.payload, skippedPayloadBytes: publication.skippedPayloadBytes,
                isRedelivery: publication.duplicate
            ) { [weak self] in
                if qos == 1 { self?.acknowledge(packetID, generation: generation) }
            }
            guard let handler else {
                waitingForHandler.append(message)
                return lock.unlock()
            }
            lock.unlock()
            handler(message)
        case .publishAcknowledgement(let id):
            unacknowledged.removeAll { $0.id == id }
            lock.unlock()
        case .subscribeAcknowledgement(let id, let codes):
            if let topic = pendingSubscriptions.removeValue(forKey: id) {
                if codes.contains(0x80) { refusedTopics.append(topic) } else { grantedSubscriptions += 1 }
            }
            lock.unlock()
        default:
            lock.unlock()
        }
    }

    /// The connection `generation` ended: reconnect after the back-off unless closed.
    func connectionLost(generation: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard generation == self.generation, !closed else { return }
        connected = false
        channel = nil
        keepAlive?.cancel()
        keepAlive = nil
        scheduleReconnect()
    }

    /// Called with the lock held.
    private func scheduleReconnect() {
        let delay = reconnectDelaySeconds
        reconnectDelaySeconds = min(reconnectDelaySeconds * 2, 10)
        group.next().scheduleTask(in: .milliseconds(Int64(delay * 1000))) { [weak self] in
            guard let self, !self.lock.withLock({ self.closed }) else { return }
            self.open().whenFailure { [weak self] _ in
                guard let self else { return }
                self.lock.withLock { if !self.closed { self.scheduleReconnect() } }
            }
        }
    }

    private func acknowledge(_ packetID: UInt16, generation: Int) {
        let channel: (any Channel)? = lock.withLock { generation == self.generation && connected ? self.channel : nil }
        channel?.writeAndFlush(MQTTPacket.publishAcknowledgement(packetID: packetID).encoded(), promise: nil)
    }

    /// Sends a SUBSCRIBE and remembers it until its SUBACK. Called with the lock held.
    private func sendSubscription(topic: String, qos: UInt8) {
        let id = nextPacketID()
        pendingSubscriptions[id] = topic
        channel?.writeAndFlush(MQTTPacket.subscribe(packetID: id, topic: topic, qos: qos).encoded(), promise: nil)
    }

    /// A packet identifier (1...65535) not in use. Called with the lock held.
    private func nextPacketID() -> UInt16 {
        repeat {
            lastPacketID = lastPacketID == .max ? 1 : lastPacketID + 1
        } while pendingSubscriptions[lastPacketID] != nil || unacknowledged.contains { $0.id == lastPacketID }
        return lastPacketID
    }

    /// Polls `settled` (under the lock) until it gives a value or the time is up (nil).
    private func wait<Value>(timeoutSeconds: Double, until settled: () -> Value?) -> Value? {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        repeat {
            if let value = lock.withLock(settled) { return value }
            Thread.sleep(forTimeInterval: 0.005)
        } while Date() < deadline
        return nil
    }

    private func wait(timeoutSeconds: Double, until done: () -> Bool) -> Bool? {
        wait(timeoutSeconds: timeoutSeconds) { done() ? true : nil }
    }

    /// A topic the protocol takes: 1–65,535 bytes of UTF-8 without NUL; wildcards only in subscriptions.
    private static func check(topic: String, wildcards: Bool) throws(MQTTError) {
        let count = topic.utf8.count
        guard count > 0, count <= 65_535, !topic.utf8.contains(0) else { throw MQTTError("'\(topic.prefix(80))' is not an MQTT topic") }
        guard wildcards || !topic.contains(where: { $0 == "+" || $0 == "#" }) else {
            throw MQTTError("'\(topic.prefix(80))': a publication's topic has no wildcards")
        }
    }
}
