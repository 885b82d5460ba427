/// A failure of the MQTT client: what it was doing and why it failed.
public struct MQTTError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
