import Estimation
import Foundation
import LiveTwin
import PropertyBased
import Testing

/// Values that stress number reading: integers, fractions, subnormals, huge, negative zero, long decimals.
private let specials: [Double] = [0, 1, -1, 0.1, 1.0 / 3, -2.5e-7, 123_456.789, 4.9e-324, 2.2250738585072014e-308, 1e300, -0.0,
                                  1_765_000_000.123, 2e15 + 1, 7e-15, 0.30000000000000004]
private let anyNumber = zip(Gen.int(in: 0...(2 * specials.count)), Gen.double(in: -1e6...1e6)).map {
    (pick: Int, plain: Double) -> Double in pick < specials.count ? specials[pick] : plain
}
private let kinds = ["vm", "va", "p_inj", "q_inj", "p_flow", "q_flow", "i_mag", "not a kind"]
private let sides: [String?] = [nil, "from", "to", "middle"]
private let qualities: [MeasurementSample.Quality?] = [nil, .good, .questionable, .invalid]

private let sampleGenerator = zip(
    Gen.int(in: 0...(kinds.count - 1)), Gen.int(in: -5...100_000), Gen.int(in: 0...(sides.count - 1)), anyNumber.array(of: 3),
    Gen.int(in: 0...(qualities.count - 1))
).map { (kind: Int, element: Int, side: Int, numbers: [Double], quality: Int) -> MeasurementSample in
    MeasurementSample(
        sensor: SensorAddress(kind: kinds[kind], element: element, side: sides[side]), value: numbers[0], sigma: numbers[1],
        time: numbers[2], quality: qualities[quality])
}

/// What Foundation's decoder makes of `json` (nil when it throws): the reference the one-pass reader must equal.
private func foundationFrame(_ json: Data) -> MeasurementFrame? {
    try? JSONDecoder().decode(MeasurementFrame.self, from: json)
}

@Suite("Measurement frames read in one pass")
struct MeasurementFrameParserTests {
    @Test("Generated frames, as JSONEncoder writes them (compact and pretty), read the same as JSONDecoder reads them, to the bit")
    func equalsFoundation() async {
        await propertyCheck(count: 200, input: sampleGenerator.array(of: 0...40)) { samples in
            let frame = MeasurementFrame(samples: samples)
            for formatting in [JSONEncoder.OutputFormatting(), [.prettyPrinted, .sortedKeys]] {
                let encoder = JSONEncoder()
                encoder.outputFormatting = formatting
                let json = try encoder.encode(frame)
                let read = try #require(MeasurementFrameParser.frame(in: json))
                #expect(read == frame)
                #expect(read == foundationFrame(json))
                #expect(read.samples.map(\.value.bitPattern) == frame.samples.map(\.value.bitPattern))
            }
        }
    }

    @Test("Numbers in every JSON spelling (exponents, %.17g, many digits) are read as strtod/JSONDecoder read them")
    func numberSpellings() throws {
        let spellings = ["0", "-0", "1E-3", "-0.5e+2", "12.5E2", "0.1000000000000000055511151231257827", "1.7976931348623157e308",
                         "4.9406564584124654e-324", "2.4703282292062328e-324", "123456789012345678901234567890", "0.000e-5",
                         String(format: "%.17g", 1.0 / 3), "1765000000.123"]
        for spelling in spellings {
            let json = Data(("{ \"samples\" : [ {\"value\":\(spelling),\n\"sigma\": 0.01,\t\"time\":1,"
                + "\"sensor\":{\"side\":null,\"element\":-0,\"kind\":\"vm\"},\"quality\":null} ] }\n").utf8)
            let read = try #require(MeasurementFrameParser.frame(in: json), "\(spelling)")
            let reference = try #require(foundationFrame(json))
            #expect(read.samples[0].value.bitPattern == reference.samples[0].value.bitPattern, "\(spelling)")
            #expect(read == reference)
        }
    }

    @Test("Anything outside a feed's usual shape is left to JSONDecoder, which reads it or names the problem")
    func unusualShapesFallBack() throws {
        let sample = #"{"sensor":{"kind":"vm","element":3},"value":1.01,"sigma":0.004,"time":5}"#
        let unusual = [
            #"{"samples":[{"sensor":{"kind":"v\u006d","element":3},"value":1.01,"sigma":0.004,"time":5}]}"#,  // escape
            #"{"samples":[{"sensor":{"kind":"vm","element":3,"unit":"pu"},"value":1.01,"sigma":0.004,"time":5}]}"#,  // unknown key
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":1.01,"value":2,"sigma":0.004,"time":5}]}"#,  // repeated key
            #"{"samples":[{"sensor":{"kind":"vm","element":3.0},"value":1.01,"sigma":0.004,"time":5}]}"#,  // element with a fraction
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":1e400,"sigma":0.004,"time":5}]}"#,  // out of range
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":1e-400,"sigma":0.004,"time":5}]}"#,  // underflow
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":NaN,"sigma":0.004,"time":5}]}"#,
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":01,"sigma":0.004,"time":5}]}"#,
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":+1,"sigma":0.004,"time":5}]}"#,
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":.5,"sigma":0.004,"time":5}]}"#,
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":0x10,"sigma":0.004,"time":5}]}"#,
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":"1","sigma":0.004,"time":5}]}"#,
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"sigma":0.004,"time":5}]}"#,  // missing value
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":1,"sigma":0.004,"time":5,"quality":"bad"}]}"#,
            #"{"samples":[{"sensor":{"kind":"vm","element":3},"value":1,"sigma":0.004,"time":5,"quality":"good"}],"extra":1}"#,
            "{\"samples\":[\(sample)]} x", "{\"samples\":[\(sample),]}", "{\"samples\":[\(sample)]", "{\"samples\":[\(sample)",
            "{\"samples\":[\(sample)]}".replacingOccurrences(of: "1.01", with: "1.01e"), "", "[]", "{\"samples\":{}}",
            "{\"samples\":[{\"sensor\":{\"kind\":\"vé\",\"element\":3},\"value\":1,\"sigma\":0.004,\"time\":5}]}",
        ]
        for text in unusual {
            let json = Data(text.utf8)
            #expect(MeasurementFrameParser.frame(in: json) == nil, "\(text)")
            #expect((try? MeasurementFrame.decode(json: json)) == foundationFrame(json), "\(text)")
        }
        // The usual shape with nothing unusual is read by the parser itself.
        #expect(MeasurementFrameParser.frame(in: Data("{\"samples\":[\(sample)]}".utf8))?.samples.count == 1)
        #expect(MeasurementFrameParser.frame(in: Data(#"{"samples":[]}"#.utf8)) == MeasurementFrame(samples: []))
    }

    @Test("A body that is not a frame still fails with JSONDecoder's error naming the field")
    func errorsNameTheField() {
        let json = Data(#"{"samples":[{"sensor":{"kind":"vm","element":3},"sigma":0.004,"time":5}]}"#.utf8)
        #expect {
            try MeasurementFrame.decode(json: json)
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "value"
        }
    }
}
