// swift-tools-version:6.0
// Chokepoint: drug-route network analysis for the Golden Triangle – Laos – Vietnam corridor.
// Layers, bottom to top (each depends only on those below it; see ARCHITECTURE.md):
//   CGEOS, CPROJ, CGDAL (C shims) → ChokepointSupport → ChokepointGeo (GEOS/PROJ/GDAL/GeoJSON)
//   → ChokepointGraph (pure Swift) → ChokepointDomain → ChokepointAnalysis → ChokepointExport → chokepoint (CLI)
import PackageDescription

let package = Package(
    name: "Chokepoint",
    products: [
        .executable(name: "chokepoint", targets: ["chokepoint"]),
        .library(name: "ChokepointSupport", targets: ["ChokepointSupport"]),
        .library(name: "ChokepointGeo", targets: ["ChokepointGeo"]),
        .library(name: "ChokepointGraph", targets: ["ChokepointGraph"]),
        // For the libFuzzer targets in Fuzz/ (a package of their own).
        .library(name: "ChokepointDomain", targets: ["ChokepointDomain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // C shims: module maps only.
        .systemLibrary(
            name: "CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]
        ),
        .systemLibrary(
            name: "CPROJ",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev"])]
        ),
        .systemLibrary(
            name: "CGDAL",
            pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev"])]
        ),
        // Located input errors and atomic file output, shared by every layer.
        .target(name: "ChokepointSupport"),
        // The only code that imports GEOS, PROJ or GDAL; also the RFC 7946 GeoJSON model and codec.
        .target(
            name: "ChokepointGeo",
            dependencies: [
                "CGEOS", "CPROJ", "CGDAL", "ChokepointSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Graph algorithms in pure Swift: no GEOS, PROJ or GeoJSON here.
        .target(
            name: "ChokepointGraph",
            dependencies: ["ChokepointSupport"]
        ),
        // The network bundle: its model, reading and validation; evidence weighting later.
        .target(
            name: "ChokepointDomain",
            dependencies: [
                "ChokepointGeo", "ChokepointGraph", "ChokepointSupport",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["README.md"]
        ),
        // Analyses over the domain: crossing flows, rank metrics, the validity simulator.
        .target(
            name: "ChokepointAnalysis",
            dependencies: ["ChokepointDomain", "ChokepointGraph", "ChokepointGeo", "ChokepointSupport"],
            exclude: ["README.md"]
        ),
        // Writing layers to disk: streaming, atomic GeoJSON; the GeoPackage (SQLite via GRDB);
        // input checksums (SHA-256 via swift-crypto) for the exports' metadata.
        .target(
            name: "ChokepointExport",
            dependencies: [
                "ChokepointAnalysis", "ChokepointDomain", "ChokepointGeo", "ChokepointSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "chokepoint",
            dependencies: [
                "ChokepointGeo", "ChokepointGraph", "ChokepointDomain", "ChokepointAnalysis", "ChokepointExport", "ChokepointSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmark driver (bench/run builds it in release mode); not part of the tool.
        .executableTarget(
            name: "ChokepointBench",
            dependencies: ["ChokepointGraph", "ChokepointDomain", "ChokepointGeo", "ChokepointAnalysis"],
            path: "bench/Sources/ChokepointBench"
        ),
        .testTarget(
            name: "ChokepointSupportTests",
            dependencies: ["ChokepointSupport"]
        ),
        .testTarget(
            name: "ChokepointGeoTests",
            dependencies: ["ChokepointGeo", "ChokepointSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ChokepointGraphTests",
            dependencies: ["ChokepointGraph", "ChokepointSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ChokepointDomainTests",
            dependencies: ["ChokepointDomain", "ChokepointExport", "ChokepointGeo", "ChokepointGraph", "ChokepointSupport"]
        ),
        .testTarget(
            name: "ChokepointAnalysisTests",
            dependencies: ["ChokepointAnalysis", "ChokepointDomain", "ChokepointGraph", "ChokepointGeo", "ChokepointSupport"]
        ),
        .testTarget(
            name: "ChokepointExportTests",
            dependencies: ["ChokepointExport", "ChokepointGeo", "ChokepointSupport"]
        ),
        .testTarget(
            name: "ChokepointCLITests",
            // Depending on the executable makes `swift test` build it; the tests run it as a process.
            dependencies: ["chokepoint"]
        ),
    ]
)
