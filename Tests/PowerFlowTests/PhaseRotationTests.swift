import Foundation
import PowerFlow
import Testing

@Suite("Rotating bus voltages by small angle steps")
struct PhaseRotationTests {
    @Test("the series equal the C library's cos and sin to rounding up to the limit, and are those functions beyond")
    func equalsLibraryFunctions() {
        let limit = PhaseRotation.smallAngleLimitRadians
        var worst = 0.0
        for i in -10_000...10_000 {
            let delta = limit * Double(i) / 10_000
            let (cosine, sine) = PhaseRotation.of(delta)
            worst = max(worst, abs(cosine - Foundation.cos(delta)), abs(sine - Foundation.sin(delta)))
        }
        #expect(worst <= 2.3e-16, "largest difference \(worst)")
        for delta in [limit * 1.01, -0.3, 1.2, -3.0] {
            let (cosine, sine) = PhaseRotation.of(delta)
            #expect(cosine == Foundation.cos(delta) && sine == Foundation.sin(delta))
        }
    }
}
