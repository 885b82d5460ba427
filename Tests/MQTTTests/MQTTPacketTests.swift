import MQTT
import NIOCore
import NIOEmbedded
import Testing

@Suite("MQTT 3.1.1 wire format")
struct MQTTPacketTests {
    @Test("Remaining lengths as the standard's table 2.4 spells them")
    func remainingLengths() throws {
        let table: [(Int, [UInt8])] = [
            (0, [0x00]), (127, [0x7F]), (128, [0x80, 0x01]), (16_383, [0xFF, 0x7F]), (16_384, [0x80, 0x80, 0x01]),
            (2_097_151, [0xFF, 0xFF, 0x7F]), (2_097_152, [0x80, 0x80, 0x80, 0x01]), (268_435_455, [0xFF, 0xFF, 0xFF, 0x7F]),
        ]
        for (length, digits) in table {
            let header = try #require(try MQTTPacketDecoder.fixedHeader(in: ByteBuffer(bytes: [0x30] + digits)))
            #expect(header.length == length && header.headerBytes == 1 + digits.count)
            // What the encoder writes for a publication of that remaining length (up to 2 MiB here).
            if length >= 3, length <= 2_097_152 {
                let publication = MQTTPublication(topic: "t", payload: [UInt8](repeating: 7, count: length - 3), qos: 0)
                let bytes = MQTTPacket.publish(publication).encoded()
                #expect(bytes.getBytes(at: 1, length: digits.count) == digits)
            }
        }
        // A fifth length byte is malformed; a header cut short waits for more.
        #expect(throws: MQTTError.self) { try MQTTPacketDecoder.fixedHeader(in: ByteBuffer(bytes: [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])) }
        #expect(try MQTTPacketDecoder.fixedHeader(in: ByteBuffer(bytes: [0x30, 0x80])) == nil)
    }

    @Test("CONNECT, SUBSCRIBE, PUBACK and PINGREQ bytes worked by hand from the standard")
    func handWorkedBytes() {
        // Fixed header 0x10, length 13; "MQTT", level 4, flags (clean session), keep-alive 60, client id "a".
        #expect(Array(buffer: MQTTPacket.connect(clientID: "a", cleanSession: true, keepAliveSeconds: 60).encoded())
            == [0x10, 13, 0, 4, 0x4D, 0x51, 0x54, 0x54, 4, 0x02, 0, 60, 0, 1, 0x61])
        #expect(Array(buffer: MQTTPacket.connect(clientID: "a", cleanSession: false, keepAliveSeconds: 60).encoded())[9] == 0)
        // SUBSCRIBE has flags 0010; packet id 10, topic "a/b", QoS 1.
        #expect(Array(buffer: MQTTPacket.subscribe(packetID: 10, topic: "a/b", qos: 1).encoded())
            == [0x82, 8, 0, 10, 0, 3, 0x61, 0x2F, 0x62, 1])
        #expect(Array(buffer: MQTTPacket.publishAcknowledgement(packetID: 0x1234).encoded()) == [0x40, 2, 0x12, 0x34])
        #expect(Array(buffer: MQTTPacket.pingRequest.encoded()) == [0xC0, 0])
        #expect(Array(buffer: MQTTPacket.disconnect.encoded()) == [0xE0, 0])
        // PUBLISH QoS 1, DUP: 0x3A; topic "t", packet id 5, payload "x".
        let publication = MQTTPublication(topic: "t", payload: [0x78], qos: 1, packetID: 5, duplicate: true)
        #expect(Array(buffer: MQTTPacket.publish(publication).encoded()) == [0x3A, 6, 0, 1, 0x74, 0, 5, 0x78])
    }

    @Test("Packets read back from a stream cut into single bytes equal those written")
    func decoderRoundTrip() throws {
        let packets: [MQTTPacket] = [
            .connectAcknowledgement(sessionPresent: true, returnCode: 0),
            .publish(MQTTPublication(topic: "grid/feed", payload: Array("{\"samples\":[]}".utf8), qos: 1, packetID: 77, duplicate: true)),
            .publish(MQTTPublication(topic: "grid/feed/reports", payload: [], qos: 0, retain: true)),
            .publishAcknowledgement(packetID: 65_535),
            .subscribeAcknowledgement(packetID: 3, returnCodes: [1, 0x80]),
            .pingResponse,
            .publish(MQTTPublication(topic: "big", payload: [UInt8](repeating: 42, count: 20_000), qos: 1, packetID: 9)),
        ]
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(MQTTPacketDecoder(maximumPayloadBytes: 1 << 20)))
        var stream = ByteBuffer()
        for packet in packets { stream.writeImmutableBuffer(packet.encoded()) }
        while let byte = stream.readSlice(length: 1) { try channel.writeInbound(byte) }
        for packet in packets { #expect(try channel.readInbound(as: MQTTPacket.self) == packet) }
        #expect(try channel.readInbound(as: MQTTPacket.self) == nil)
        _ = try channel.finish()
    }

    @Test("A publication above the payload limit is passed on without its payload, and the stream goes on after it")
    func oversizedPublicationSkipped() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(MQTTPacketDecoder(maximumPayloadBytes: 1_000)))
        let big = MQTTPublication(topic: "feed", payload: [UInt8](repeating: 1, count: 5_000), qos: 1, packetID: 12)
        var stream = big.encodedPacket
        stream.writeImmutableBuffer(MQTTPacket.pingResponse.encoded())
        while stream.readableBytes > 0 { try channel.writeInbound(stream.readSlice(length: min(700, stream.readableBytes))!) }
        guard case .publish(let read) = try channel.readInbound(as: MQTTPacket.self) else {
            Issue.record("no publication")
            return
        }
        #expect(read.topic == "feed" && read.packetID == 12 && read.qos == 1 && read.payload.isEmpty)
        #expect(read.skippedPayloadBytes == 5_000)
        #expect(try channel.readInbound(as: MQTTPacket.self) == .pingResponse)
        _ = try channel.finish()
    }

    @Test("A control packet that is not a publication may not be large, nor of a type a broker never sends")
    func malformedPackets() throws {
        let large = EmbeddedChannel(handler: ByteToMessageHandler(MQTTPacketDecoder(maximumPayloadBytes: 1 << 20)))
        #expect(throws: (any Error).self) { try large.writeInbound(ByteBuffer(bytes: [0x90, 0x80, 0x80, 0x10])) }
        var body = ByteBuffer(bytes: [0, 1])
        #expect(throws: MQTTError.self) { try MQTTPacket.decode(first: 0xF0, body: &body) }
        var short = ByteBuffer(bytes: [0])
        #expect(throws: MQTTError.self) { try MQTTPacket.decode(first: 0x20, body: &short) }
    }
}

extension MQTTPublication {
    var encodedPacket: ByteBuffer { MQTTPacket.publish(self).encoded() }
}
