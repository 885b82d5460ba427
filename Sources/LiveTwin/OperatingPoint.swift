import GridModel
import GridNetwork
import Numerics

/// A grid whose power flow reproduces an estimated state: every bus's net injection is the estimate's (V·conj(Y·V)),
/// carried by its generators where it has in-service ones (P shared by PMAX, |V| set-point the estimate's, the case's
/// load kept) and by its load elsewhere; bus voltages start at the estimate. What a what-if fork starts from.
enum OperatingPoint {
    static func grid(of network: PowerFlowNetwork, voltages: [Complex<Double>]) -> Grid {
        var grid = network.grid
        let injected = network.injectedPowerMVA(voltages: voltages)
        var generatorsAt = [Int: [Int]]()
        let lookup = grid.busLookup()
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            if let b = lookup[generator.bus] { generatorsAt[b, default: []].append(g) }
        }
        for b in grid.buses.indices {
            let v = voltages[b]
            grid.buses[b].voltageMagnitudePU = v.length
            grid.buses[b].voltageAngleDegrees = Double.atan2(y: v.imaginary, x: v.real) * 180 / .pi
            guard grid.buses[b].type != .isolated else { continue }
            if let units = generatorsAt[b] {
                let totalMW = injected[b].real + grid.buses[b].demandMW, totalMvar = injected[b].imaginary + grid.buses[b].demandMvar
                let capacity = units.reduce(0) { $0 + max(0, grid.generators[$1].maximumActivePowerMW) }
                for g in units {
                    let share = capacity > 0 ? max(0, grid.generators[g].maximumActivePowerMW) / capacity : 1 / Double(units.count)
                    grid.generators[g].activePowerMW = totalMW * share
                    grid.generators[g].reactivePowerMvar = totalMvar * share
                    grid.generators[g].voltageSetpointPU = v.length
                }
            } else {
                grid.buses[b].demandMW = -injected[b].real
                grid.buses[b].demandMvar = -injected[b].imaginary
            }
        }
        return grid
    }
}
