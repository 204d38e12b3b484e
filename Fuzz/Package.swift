// swift-tools-version:6.0
// libFuzzer targets for Chokepoint's parsers (issue 16). Not part of the main build: each
// target hands its test function to libFuzzer's driver (FuzzDriver), so it links only with
// -sanitize=fuzzer. Build and run them with `bash Fuzz/run`.
import PackageDescription

let package = Package(
    name: "ChokepointFuzz",
    dependencies: [.package(name: "Chokepoint", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: ["FuzzDriver", .product(name: "ChokepointSupport", package: "Chokepoint")]
        ),
        .executableTarget(
            name: "FuzzJSON",
            dependencies: ["FuzzDriver", .product(name: "ChokepointGeo", package: "Chokepoint")]
        ),
        .executableTarget(
            name: "FuzzScenario",
            dependencies: ["FuzzDriver", .product(name: "ChokepointDomain", package: "Chokepoint")]
        ),
        .executableTarget(
            name: "FuzzSeizures",
            dependencies: [
                "FuzzDriver",
                .product(name: "ChokepointDomain", package: "Chokepoint"),
                .product(name: "ChokepointGeo", package: "Chokepoint"),
            ]
        ),
    ]
)
