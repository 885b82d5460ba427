/// What a feed sends at once (`POST /v1/measurements`): samples of any sensors, accepted or rejected one by one.
public struct MeasurementFrame: Sendable, Codable, Equatable {
    /// The most samples in one frame.
    public static let maximumSamples = 1_000_000

    public var samples: [MeasurementSample]

    public init(samples: [MeasurementSample]) {
        self.samples = samples
    }
}
