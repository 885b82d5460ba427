import GridModel
import GridNetwork
import Numerics

/// Options of an AC power flow.
public struct PowerFlowOptions: Sendable, Equatable {
    public var newton: NewtonRaphsonOptions
    public var start: VoltageStart
    /// Share the active-power balance among generators (distributed slack) instead of the reference generator.
    public var distributedSlack: SlackParticipation.Source?

    public init(
        newton: NewtonRaphsonOptions = NewtonRaphsonOptions(), start: VoltageStart = .fromCase,
        distributedSlack: SlackParticipation.Source? = nil
    ) {
        self.newton = newton
        self.start = start
        self.distributedSlack = distributedSlack
    }
}
