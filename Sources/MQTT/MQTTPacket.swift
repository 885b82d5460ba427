import NIOCore

/// The MQTT 3.1.1 control packets a client sends and receives (OASIS MQTT 3.1.1, chapter 3), and their wire format:
/// a fixed header (type and flags, then the remaining length in 1–4 bytes of 7 bits each), a variable header and a
/// payload; strings are a 2-byte big-endian length and UTF-8 bytes.
package enum MQTTPacket: Equatable, Sendable {
    case connect(clientID: String, cleanSession: Bool, keepAliveSeconds: UInt16)
    /// CONNACK: return code 0 is accepted; 1–5 name the refusal (protocol version, identifier, unavailable, user, authorization).
    case connectAcknowledgement(sessionPresent: Bool, returnCode: UInt8)
    case publish(MQTTPublication)
    /// PUBACK of a QoS 1 publication.
    case publishAcknowledgement(packetID: UInt16)
    case subscribe(packetID: UInt16, topic: String, qos: UInt8)
    /// SUBACK: per topic the granted QoS, or 0x80 for a refusal.
    case subscribeAcknowledgement(packetID: UInt16, returnCodes: [UInt8])
    case pingRequest
    case pingResponse
    case disconnect

    /// The largest remaining length the protocol can express (2.2.3).
    package static let maximumRemainingLength = 268_435_455

    /// The packet's bytes.
    package func encoded() -> ByteBuffer {
        var body = ByteBuffer()
        let first: UInt8
        switch self {
        case .connect(let clientID, let cleanSession, let keepAliveSeconds):
            first = 0x10
            body.writeMQTTString("MQTT")
            body.writeInteger(UInt8(4))  // protocol level 3.1.1
            body.writeInteger(UInt8(cleanSession ? 0x02 : 0x00))
            body.writeInteger(keepAliveSeconds)
            body.writeMQTTString(clientID)
        case .connectAcknowledgement(let sessionPresent, let returnCode):
            first = 0x20
            body.writeInteger(UInt8(sessionPresent ? 1 : 0))
            body.writeInteger(returnCode)
        case .publish(let publication):
            first = 0x30 | (publication.duplicate ? 0x08 : 0) | (publication.qos << 1) | (publication.retain ? 0x01 : 0)
            body.writeMQTTString(publication.topic)
            if publication.qos > 0 { body.writeInteger(publication.packetID) }
            body.writeBytes(publication.payload)
        case .publishAcknowledgement(let packetID):
            first = 0x40
            body.writeInteger(packetID)
        case .subscribe(let packetID, let topic, let qos):
            first = 0x82
            body.writeInteger(packetID)
            body.writeMQTTString(topic)
            body.writeInteger(qos)
        case .subscribeAcknowledgement(let packetID, let returnCodes):
            first = 0x90
            body.writeInteger(packetID)
            body.writeBytes(returnCodes)
        case .pingRequest: first = 0xC0
        case .pingResponse: first = 0xD0
        case .disconnect: first = 0xE0
        }
        var packet = ByteBuffer()
        packet.reserveCapacity(body.readableBytes + 5)
        packet.writeInteger(first)
        var length = body.readableBytes
        repeat {
            var digit = UInt8(length % 128)
            length /= 128
            if length > 0 { digit |= 0x80 }
            packet.writeInteger(digit)
        } while length > 0
        packet.writeBuffer(&body)
        return packet
    }

    /// The packet of type and flags `first` (the fixed header's first byte) with `body` (exactly its remaining length).
    ///
    /// - Throws: ``MQTTError`` for a packet a client does not expect or one that is malformed.
    package static func decode(first: UInt8, body: inout ByteBuffer) throws(MQTTError) -> MQTTPacket {
        func fail(_ what: String) -> MQTTError { MQTTError("a malformed MQTT packet from the broker: \(what)") }
        switch first >> 4 {
        case 2:
            guard body.readableBytes == 2, let flags = body.readInteger(as: UInt8.self), let code = body.readInteger(as: UInt8.self)
            else { throw fail("CONNACK of \(body.readableBytes) bytes") }
            return .connectAcknowledgement(sessionPresent: flags & 1 == 1, returnCode: code)
        case 3:
            let qos = (first >> 1) & 0x03
            guard qos < 3 else { throw fail("PUBLISH with QoS 3") }
            guard let topic = body.readMQTTString() else { throw fail("PUBLISH without a topic") }
            var packetID: UInt16 = 0
            if qos > 0 {
                guard let id = body.readInteger(as: UInt16.self) else { throw fail("PUBLISH without a packet identifier") }
                packetID = id
            }
            return .publish(MQTTPublication(
                topic: topic, payload: body.readBytes(length: body.readableBytes) ?? [], qos: qos, packetID: packetID,
                duplicate: first & 0x08 != 0, retain: first & 0x01 != 0))
        case 4:
            guard body.readableBytes == 2, let id = body.readInteger(as: UInt16.self) else { throw fail("PUBACK") }
            return .publishAcknowledgement(packetID: id)
        case 9:
            guard body.readableBytes >= 3, let id = body.readInteger(as: UInt16.self) else { throw fail("SUBACK") }
            return .subscribeAcknowledgement(packetID: id, returnCodes: body.readBytes(length: body.readableBytes) ?? [])
        case 13:
            return .pingResponse
        case 1, 8, 12, 14:
            // What a client sends; decoded for the tests' round trips.
            return try decodeClientPacket(first: first, body: &body)
        default:
            throw fail("packet type \(first >> 4)")
        }
    }

    private static func decodeClientPacket(first: UInt8, body: inout ByteBuffer) throws(MQTTError) -> MQTTPacket {
        switch first >> 4 {
        case 1:
            guard body.readMQTTString() == "MQTT", body.readInteger(as: UInt8.self) == 4, let flags = body.readInteger(as: UInt8.self),
                  let keepAlive = body.readInteger(as: UInt16.self), let clientID = body.readMQTTString()
            else { throw MQTTError("a malformed CONNECT") }
            return .connect(clientID: clientID, cleanSession: flags & 0x02 != 0, keepAliveSeconds: keepAlive)
        case 8:
            guard let id = body.readInteger(as: UInt16.self), let topic = body.readMQTTString(), let qos = body.readInteger(as: UInt8.self)
            else { throw MQTTError("a malformed SUBSCRIBE") }
            return .subscribe(packetID: id, topic: topic, qos: qos)
        case 12: return .pingRequest
        default: return .disconnect
        }
    }
}

/// A PUBLISH packet's content.
package struct MQTTPublication: Equatable, Sendable {
    package var topic: String
    package var payload: [UInt8]
    /// 0 (at most once), 1 (at least once) or 2 (exactly once).
    package var qos: UInt8
    /// Present (non-zero) when `qos` > 0.
    package var packetID: UInt16
    /// A re-delivery of a publication the receiver may have seen.
    package var duplicate: Bool
    package var retain: Bool
    /// Set by the decoder instead of the payload when the payload was larger than it keeps: the payload's size.
    package var skippedPayloadBytes: Int?

    package init(topic: String, payload: [UInt8], qos: UInt8, packetID: UInt16 = 0, duplicate: Bool = false, retain: Bool = false,
                 skippedPayloadBytes: Int? = nil) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.packetID = packetID
        self.duplicate = duplicate
        self.retain = retain
        self.skippedPayloadBytes = skippedPayloadBytes
    }
}

extension ByteBuffer {
    mutating func writeMQTTString(_ text: String) {
        let bytes = Array(text.utf8)
        writeInteger(UInt16(truncatingIfNeeded: bytes.count))
        writeBytes(bytes)
    }

    mutating func readMQTTString() -> String? {
        guard let length = getInteger(at: readerIndex, as: UInt16.self), readableBytes >= 2 + Int(length) else { return nil }
        moveReaderIndex(forwardBy: 2)
        return readString(length: Int(length))
    }
}
