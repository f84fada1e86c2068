// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "feat",
    products: [
        .executable(name: "feat", targets: ["feat"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // C libraries from the system (Debian: libgit2-dev, libyaml-dev).
        .systemLibrary(name: "CLibgit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),

        // A git object id as a plain value: what reports name, without linking libgit2.
        .target(name: "GitID"),
        // The only module that touches libgit2. Knows nothing of features.
        .target(name: "FeatGit", dependencies: ["CLibgit2", "GitID"]),
        // YAML documents with positions, composed from libyaml events under hard limits.
        .target(name: "FeatYAML", dependencies: ["CYAML"]),
        // JSON text with ordered keys: the renderers' JSON and the generated schemas. No dependencies.
        .target(name: "FeatJSON"),
        // Features, stages, kinds, durations, policy, the schema; parsing with line numbers. No git.
        // Time zones are compared by ICU's canonical ids, from the ICU that Foundation carries.
        .target(
            name: "FeatModel", dependencies: ["FeatYAML", "FeatJSON"],
            linkerSettings: [.linkedLibrary("_FoundationICU")]),
        // Semantic diffs: pairing by identity, per-kind comparators, events, impacts. Pure.
        .target(name: "FeatDiff", dependencies: ["FeatModel"]),
        // Graduation rules FEAT001–FEAT015, one per file, over already-paired features. Pure.
        .target(name: "FeatRules", dependencies: ["FeatModel", "FeatDiff"]),
        // The values reports are made of: stage history, catalogs, findings, check and diff results.
        .target(name: "FeatReport", dependencies: ["GitID", "FeatModel", "FeatDiff", "FeatRules"]),
        // The history engine: one driver that turns a first-parent walk into per-commit changes of
        // feature files (from its index, or read across worker processes), the forward pass that
        // makes them per-feature timelines, merge credit, the index file and the worker protocol.
        // Knows git and feature files, not the feature repository or its errors.
        .target(name: "FeatHistory", dependencies: ["GitID", "FeatGit", "FeatModel", "FeatReport", "FeatYAML"]),
        // Where git meets the model: feature repo, catalogs, runners over the history engine.
        .target(
            name: "FeatKit",
            dependencies: [
                "GitID", "FeatGit", "FeatHistory", "FeatJSON", "FeatYAML", "FeatModel", "FeatDiff", "FeatRules",
                "FeatReport",
            ]),
        // Text, JSON, Markdown, Mermaid, GitHub, SARIF, JUnit renderings of report values. Pure: no git.
        .target(
            name: "FeatRender", dependencies: ["GitID", "FeatJSON", "FeatModel", "FeatDiff", "FeatRules", "FeatReport"]),
        // The command-line tool; the only module importing ArgumentParser.
        .executableTarget(
            name: "feat",
            dependencies: [
                "FeatKit", "FeatHistory", "FeatGit", "GitID", "FeatModel", "FeatDiff", "FeatReport", "FeatRender",
                "FeatJSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Real git repositories with fixed dates, built in temporary folders, for tests.
        .target(name: "FeatTestSupport", path: "Tests/FeatTestSupport"),
        .testTarget(name: "FeatYAMLTests", dependencies: ["FeatYAML"]),
        .testTarget(name: "FeatDiffTests", dependencies: ["FeatDiff", "FeatModel"]),
        .testTarget(name: "FeatRulesTests", dependencies: ["FeatRules", "FeatDiff", "FeatModel"]),
        .testTarget(
            name: "FeatRenderTests",
            dependencies: ["FeatRender", "FeatReport", "FeatDiff", "FeatModel", "FeatJSON", "GitID"]),
        .testTarget(name: "FeatModelTests", dependencies: ["FeatModel"]),
        .testTarget(name: "FeatGitTests", dependencies: ["GitID", "FeatGit", "FeatTestSupport"]),
        .testTarget(
            name: "FeatHistoryTests", dependencies: ["FeatHistory", "FeatGit", "FeatModel", "FeatTestSupport", "GitID"]),
        .testTarget(
            name: "FeatKitTests",
            dependencies: [
                "FeatKit", "FeatGit", "FeatModel", "FeatYAML", "FeatReport", "FeatDiff", "FeatTestSupport", "GitID",
            ]),
        .testTarget(name: "EndToEndTests", dependencies: ["FeatTestSupport"], exclude: ["Resources"]),

        // Fuzz targets (scripts/fuzz.sh). Built plainly they replay the files named on the
        // command line; built with `-sanitize=fuzzer` they run libFuzzer's driver.
        .target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"),
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
        .executableTarget(
            name: "FuzzParse", dependencies: ["CFuzzDriver", "FuzzSupport", "FeatModel"], path: "Fuzz/FuzzParse"),
        .executableTarget(
            name: "FuzzScan", dependencies: ["CFuzzDriver", "FuzzSupport", "FeatModel"], path: "Fuzz/FuzzScan"),
        .executableTarget(
            name: "FuzzPolicy", dependencies: ["CFuzzDriver", "FuzzSupport", "FeatModel"], path: "Fuzz/FuzzPolicy"),
        .executableTarget(
            name: "FuzzConsumer", dependencies: ["CFuzzDriver", "FuzzSupport", "FeatModel"],
            path: "Fuzz/FuzzConsumer"),
        .executableTarget(
            name: "FuzzLock", dependencies: ["CFuzzDriver", "FuzzSupport", "FeatKit"], path: "Fuzz/FuzzLock"),
        .executableTarget(
            name: "FuzzDiff", dependencies: ["CFuzzDriver", "FuzzSupport", "FeatModel", "FeatDiff"],
            path: "Fuzz/FuzzDiff"),
        .executableTarget(
            name: "FuzzCatalogHTML",
            dependencies: ["CFuzzDriver", "FuzzSupport", "FeatRender", "FeatReport", "FeatModel", "FeatDiff", "GitID"],
            path: "Fuzz/FuzzCatalogHTML"),
    ]
)

// The module graph is the imports: a file uses only what it imports itself (no member reaching
// it through another file's import).
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
