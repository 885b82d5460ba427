// swift-tools-version: 6.1
// GridTwin's benchmarks, in their own package so that the main build and CI stay light.
// Run from this folder: swift package benchmark
import PackageDescription
import class Foundation.FileManager
import struct Foundation.URL

/// A path dependency's package identity is its folder's name: whatever the clone is called.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "GridTwinBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "PowerFlowBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GridNetwork", package: mainPackage),
                .product(name: "PowerFlow", package: mainPackage),
                .product(name: "GridFormats", package: mainPackage),
                .product(name: "GridModel", package: mainPackage),
            ],
            path: "Benchmarks/PowerFlowBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ContingencyBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Studies", package: mainPackage),
                .product(name: "GridFormats", package: mainPackage),
                .product(name: "GridModel", package: mainPackage),
            ],
            path: "Benchmarks/ContingencyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DispatchBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Twin", package: mainPackage),
                .product(name: "ScenarioFiles", package: mainPackage),
            ],
            path: "Benchmarks/DispatchBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EstimationBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Estimation", package: mainPackage),
                .product(name: "PowerFlow", package: mainPackage),
                .product(name: "GridFormats", package: mainPackage),
                .product(name: "GridModel", package: mainPackage),
                .product(name: "GridNetwork", package: mainPackage),
                .product(name: "Numerics", package: "swift-numerics"),
            ],
            path: "Benchmarks/EstimationBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
