/// The reply to a frame: how many samples were accepted, and why each other one was not.
public struct IngestReport: Sendable, Codable, Equatable {
    public struct Rejection: Sendable, Codable, Equatable {
        /// Position of the sample in the frame, from 0.
        public var index: Int
        public var reason: String
    }

    public var accepted: Int
    public var rejected: [Rejection]
}
