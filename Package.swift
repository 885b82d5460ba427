// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "GridTwin",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gridtwin", targets: ["gridtwin"]),
        .library(name: "SparseLU", targets: ["SparseLU"]),
        .library(name: "GridModel", targets: ["GridModel"]),
        .library(name: "GridFormats", targets: ["GridFormats"]),
        .library(name: "GridNetwork", targets: ["GridNetwork"]),
        .library(name: "PowerFlow", targets: ["PowerFlow"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Studies", targets: ["Studies"]),
        .library(name: "Twin", targets: ["Twin"]),
        .library(name: "ScenarioFiles", targets: ["ScenarioFiles"]),
        .library(name: "OutputFiles", targets: ["OutputFiles"]),
        .library(name: "Optimization", targets: ["Optimization"]),
        .library(name: "Estimation", targets: ["Estimation"]),
        .library(name: "LiveTwin", targets: ["LiveTwin"]),
        .library(name: "TwinServer", targets: ["TwinServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
    ],
    targets: [
        // SuiteSparse KLU from Debian's libsuitesparse-dev.
        .systemLibrary(
            name: "CSuiteSparse",
            providers: [.apt(["libsuitesparse-dev"])]
        ),
        // COIN-OR Clp (LP, QP) and Cbc (MILP) from Debian's coinor-libclp-dev and coinor-libcbc-dev.
        .systemLibrary(
            name: "CCoinOR",
            providers: [.apt(["coinor-libclp-dev", "coinor-libcbc-dev"])]
        ),
        // An MQTT 3.1.1 client on SwiftNIO: subscribe, publish, acknowledgements the subscriber sends when it is ready.
        .target(
            name: "MQTT",
            dependencies: [.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        // Linear, quadratic and mixed-integer programs as values, solved by Clp and Cbc behind a safe wrapper.
        .target(name: "Optimization", dependencies: ["CCoinOR"]),
        // A safe Swift wrapper over KLU: analyze once, factor, refactor, solve; real and complex.
        .target(
            name: "SparseLU",
            dependencies: ["CSuiteSparse", .product(name: "Numerics", package: "swift-numerics")]
        ),
        // Output files and folders written so that they cannot destroy anything (atomic, never over an input or a
        // file GridTwin did not write).
        .target(name: "OutputFiles"),
        // Buses, branches, generators and their validation, in MATPOWER's units (MW, Mvar, p.u., degrees).
        .target(name: "GridModel"),
        // MATPOWER case files in and out.
        .target(name: "GridFormats", dependencies: ["GridModel"]),
        // The network physics, each piece once: Ybus and branch admittances, bus roles, islands, the DC network and
        // its sensitivities, branch flows, the reference generator's balance.
        .target(
            name: "GridNetwork",
            dependencies: ["GridModel", "SparseLU", .product(name: "Numerics", package: "swift-numerics")]
        ),
        // Newton-Raphson, fast-decoupled and DC power flows, the robust start, Q limits, and the solved state.
        .target(
            name: "PowerFlow",
            dependencies: [
                "GridModel", "GridNetwork", "SparseLU",
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        // The twin over time: scenarios checked against the grid, the stepper and its controllers (balancing, storage,
        // curtailment), the batch run. No files: values in, values out.
        .target(
            name: "Twin",
            dependencies: [
                "GridModel", "GridNetwork", "PowerFlow", "Optimization", .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        // Scenario (YAML/JSON) and profile (CSV) files, read with every key and row checked, into Twin's values.
        .target(
            name: "ScenarioFiles",
            dependencies: ["Twin", "GridModel", "GridFormats", .product(name: "Yams", package: "Yams")]
        ),
        // State estimation: WLS by Gauss-Newton on the network core's derivative kernels, KLU, bad data.
        .target(
            name: "Estimation",
            dependencies: ["GridModel", "GridNetwork", "SparseLU", .product(name: "Numerics", package: "swift-numerics")]
        ),
        // Studies on solved grids: model and results diffs, baselines, N-1 contingency analysis.
        .target(
            name: "Studies",
            dependencies: [
                "GridModel", "GridFormats", "GridNetwork", "PowerFlow", "OutputFiles",
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        // The presentation layer: every text, JSON, CSV, HTML and JUnit report, the JSON convention and the number
        // formatting, shared by the command line (and later the server).
        .target(
            name: "Reports",
            dependencies: ["GridModel", "GridNetwork", "PowerFlow", "Studies", "Twin", "OutputFiles", "Estimation", .product(name: "Numerics", package: "swift-numerics")]
        ),
        // The live twin: one grid's model kept current from streaming measurements (an actor around the estimator),
        // its history in SQLite through GRDB (WAL) or in PostgreSQL through postgres-nio (a frame is stored before it
        // is acknowledged).
        .target(
            name: "LiveTwin",
            dependencies: [
                "GridModel", "GridNetwork", "PowerFlow", "Estimation", "Studies", "Twin", .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `gridtwin serve`'s HTTP API on Hummingbird: measurements in (a token for every write), state out, a WebSocket
        // stream of estimates and alarms.
        .target(
            name: "TwinServer",
            dependencies: [
                "LiveTwin", "Reports", "MQTT", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The command-line tool.
        .executableTarget(
            name: "gridtwin",
            dependencies: [
                "GridModel", "GridFormats", "GridNetwork", "PowerFlow", "Reports", "Studies", "Twin", "ScenarioFiles",
                "OutputFiles", "Estimation", "LiveTwin", "TwinServer", "MQTT", .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Paths and readers for the reference data under Tests/Fixtures and the bundled grids.
        .target(name: "TestFixtures", dependencies: ["GridModel", "GridFormats", "GridNetwork", "PowerFlow"], path: "Tests/TestFixtures"),
        .testTarget(name: "SparseLUTests", dependencies: ["SparseLU"]),
        .testTarget(
            name: "GridFormatsTests",
            dependencies: ["GridFormats", "TestFixtures", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "PowerFlowTests", dependencies: ["GridNetwork", "PowerFlow", "GridFormats", "TestFixtures"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "GridNetwork", "GridFormats", "TestFixtures"]),
        .testTarget(name: "TwinTests", dependencies: ["Twin", "ScenarioFiles", "Reports", "GridNetwork", "GridFormats", "GridModel", "TestFixtures"]),
        .testTarget(
            name: "EstimationTests",
            dependencies: ["Estimation", "GridFormats", "GridModel", "GridNetwork", "PowerFlow", "TestFixtures",
                           .product(name: "Numerics", package: "swift-numerics")]
        ),
        .testTarget(name: "StudiesTests", dependencies: ["Studies", "Reports", "GridNetwork", "GridFormats", "TestFixtures"]),
        .testTarget(
            name: "GridTwinCLITests", dependencies: ["gridtwin", "TwinServer", "LiveTwin", "MQTT", "TestFixtures", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "TwinServerTests", dependencies: ["TwinServer"]),
        .testTarget(name: "MQTTTests", dependencies: ["MQTT", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio")]),
        .testTarget(name: "OutputFilesTests", dependencies: ["OutputFiles"]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization"]),
        .testTarget(
            name: "LiveTwinTests",
            dependencies: ["LiveTwin", "Estimation", "GridModel", "GridNetwork", "PowerFlow", "Studies", "TestFixtures", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
