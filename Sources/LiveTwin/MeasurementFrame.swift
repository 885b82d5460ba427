import Foundation

/// What a feed sends at once (`POST /v1/measurements`): samples of any sensors, accepted or rejected one by one.
public struct MeasurementFrame: Sendable, Codable, Equatable {
    /// The most samples in one frame.
    public static let maximumSamples = 1_000_000

    public var samples: [MeasurementSample]

    public init(samples: [MeasurementSample]) {
        self.samples = samples
    }

    /// The frame in `json`: read in one pass by ``MeasurementFrameParser`` when it has a feed's usual shape, otherwise
    /// by `JSONDecoder` (whose `DecodingError` names what is wrong with a body that is not a frame).
    public static func decode(json: Data) throws -> MeasurementFrame {
        if let frame = MeasurementFrameParser.frame(in: json) { return frame }
        return try JSONDecoder().decode(MeasurementFrame.self, from: json)
    }
}
