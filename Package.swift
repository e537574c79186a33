// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "CityGrid",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "citygrid", targets: ["citygrid"]),
        .library(name: "CityGridCore", targets: ["CityGridCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // Already in the graph through Hummingbird: the server names header fields (X-Request-Id).
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // Already in the graph through Hummingbird: the change follower and the clock are services.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Password hashing (bcrypt) for staff sign-in.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // The web pages' templates, HTML-escaping every value.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // gzip (zlib, whose headers Debian's zlib1g-dev gives) for answers kept compressed, such as maps' grids.
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        // multipart/form-data: Open311 requests with their photo, portal reports with theirs.
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
    ],
    targets: [
        // The pure domain core: types, codes, rules, the workflow machine, the working-time calendar.
        // No I/O, no framework: only the standard library, Foundation's value types and the geometry primitives.
        .target(name: "CityGridCore", dependencies: ["CityGridGeometry"], swiftSettings: strict),
        // Planar geometry on longitude/latitude: points, polygons, validation, the spatial index. A leaf: depends on nothing.
        .target(name: "CityGridGeometry", swiftSettings: strict),
        // The storage interface that every backend implements.
        .target(name: "CityGridStore", dependencies: ["CityGridCore", "CityGridGeometry"], swiftSettings: strict),
        // The use cases over any store: intake, transitions, authentication.
        .target(
            name: "CityGridService",
            dependencies: ["CityGridCore", "CityGridGeometry", "CityGridStore", "CityGridAnalytics", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth")],
            swiftSettings: strict),
        // The embedded default backend: SQLite through GRDB.
        .target(
            name: "CityGridSQLite",
            dependencies: [
                "CityGridCore", "CityGridGeometry", "CityGridStore",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        // The whole store in memory, with SQLite's observable behaviour (tests, demos, benchmarks without a file).
        .target(name: "CityGridInMemory", dependencies: ["CityGridCore", "CityGridGeometry", "CityGridStore"], swiftSettings: strict),
        // Evaluation and analytics: indicator rule sets, the columnar in-memory fact table, rankings,
        // hot spots (Getis-Ord Gi*), trends and recurring problems. Pure computation over facts: no I/O.
        .target(name: "CityGridAnalytics", dependencies: ["CityGridCore", "CityGridGeometry"], swiftSettings: strict),
        // The demo city generator and the case simulator (both write through the store's public interface).
        .target(
            name: "CityGridSimulation",
            dependencies: ["CityGridCore", "CityGridGeometry", "CityGridStore", "CityGridService"],
            resources: [.copy("Resources/catalogue.json")],
            swiftSettings: strict),
        // The application layer (应用层): commands and queries that take the authenticated caller and
        // return what that caller may see, decided by the access policy; the live configuration
        // (taken up atomically when another process changes it); heavy work off the request threads.
        // Every front end (JSON API, HTML, Open311) calls only this layer.
        .target(
            name: "CityGridApplication",
            dependencies: ["CityGridCore", "CityGridGeometry", "CityGridStore", "CityGridService", "CityGridAnalytics",
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // The HTTP layer (Hummingbird 2). It sees the application layer only: neither the store nor the
        // service is a dependency, and member look-ups through modules it does not import are off, so a
        // handler cannot reach around the layer.
        .target(
            name: "CityGridServer",
            dependencies: [
                "CityGridCore", "CityGridGeometry", "CityGridAnalytics", "CityGridApplication",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // gzip for the large answers kept per configuration version (the maps' grid outlines).
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            // The web pages' templates and the vendored browser libraries (Resources/Public/vendor/VERSIONS.md).
            resources: [.copy("Resources/Templates"), .copy("Resources/Public"), .copy("Resources/OpenAPI")],
            swiftSettings: strict + [.enableUpcomingFeature("MemberImportVisibility")]),
        // The `citygrid` command line.
        .executableTarget(
            name: "citygrid",
            dependencies: [
                "CityGridCore", "CityGridGeometry", "CityGridStore", "CityGridService", "CityGridSQLite", "CityGridSimulation", "CityGridServer",
                "CityGridAnalytics", "CityGridApplication",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "CityGridCoreTests",
            dependencies: ["CityGridCore", "CityGridGeometry", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "CityGridGeometryTests", dependencies: ["CityGridGeometry"]),
        .testTarget(name: "CityGridAnalyticsTests", dependencies: ["CityGridAnalytics", "CityGridCore", "CityGridGeometry"]),
        .testTarget(
            name: "CityGridSQLiteTests",
            dependencies: [
                "CityGridCore", "CityGridGeometry", "CityGridStore", "CityGridService", "CityGridSQLite", "CityGridSimulation", "CityGridAnalytics",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // One contract suite run unchanged against every store (in memory, SQLite; PostgreSQL later).
        .testTarget(
            name: "CityGridStoreContractTests",
            dependencies: [
                "CityGridCore", "CityGridGeometry", "CityGridStore", "CityGridInMemory", "CityGridSQLite", "CityGridSimulation",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "CityGridSimulationTests",
            dependencies: [
                "CityGridCore", "CityGridGeometry", "CityGridStore", "CityGridService", "CityGridSQLite", "CityGridSimulation", "CityGridAnalytics",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "CityGridApplicationTests",
            dependencies: [
                "CityGridCore", "CityGridGeometry", "CityGridStore", "CityGridService", "CityGridSQLite", "CityGridSimulation",
                "CityGridApplication", "CityGridAnalytics",
            ]),
        .testTarget(
            name: "CityGridServerTests",
            dependencies: [
                "CityGridCore", "CityGridGeometry", "CityGridStore", "CityGridService", "CityGridSQLite", "CityGridSimulation", "CityGridServer",
                "CityGridApplication", "CityGridAnalytics",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
