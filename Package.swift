// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "TreatmentGuide",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "guide", targets: ["guide"]),
        .executable(name: "guide-fuzz", targets: ["GuideFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.0"),
    ],
    targets: [
        // Debian's cmark-gfm (libcmark-gfm-dev + libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // A small Swift face over cmark-gfm: parse, walk, rewrite links, heading ids, HTML.
        .target(name: "Markdown", dependencies: ["CMarkGFM"]),
        // Domain types, front matter, validation and diagnostics.
        .target(name: "GuideModel", dependencies: ["Markdown", "Yams"]),
        // The pipeline: load, model, resolve, render, write.
        .target(name: "SiteBuilder", dependencies: [
            "GuideModel", "Markdown",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // `guide serve`: HTTP on loopback, file watching, rebuilds and live reload.
        .target(name: "PreviewServer", dependencies: [
            "SiteBuilder", "GuideModel", "Markdown",
            .product(name: "FlyingFox", package: "FlyingFox"),
            // The streaming body of the live-reload event stream is a FlyingSocks type.
            .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
        .executableTarget(name: "guide", dependencies: [
            "SiteBuilder", "GuideModel", "PreviewServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // `swift run -c release guide-fuzz`: mutated content and templates through the checks (a measurement, not a test).
        .executableTarget(name: "GuideFuzz", dependencies: ["SiteBuilder", "GuideModel", "Markdown"]),
        // Pages shared by the fixtures of the test targets below.
        .target(name: "GuideTestSupport", path: "Tests/Support"),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "GuideModelTests", dependencies: ["GuideModel", "GuideTestSupport"]),
        .testTarget(name: "SiteBuilderTests", dependencies: ["SiteBuilder", "GuideModel", "Markdown", "GuideTestSupport"]),
        .testTarget(name: "PreviewServerTests", dependencies: ["PreviewServer", "SiteBuilder", "GuideModel", "GuideTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
