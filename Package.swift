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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        // Named for the products the preview server imports next to HummingbirdCore.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        // SHA-384 for fingerprinted file names and SRI hashes (CryptoKit's API, on Linux too).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
    ],
    targets: [
        // Debian's cmark-gfm (libcmark-gfm-dev + libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]), .brew(["cmark-gfm"])]
        ),
        // Debian's zlib (zlib1g-dev), libbrotli (libbrotli-dev) and libqrencode (libqrencode-dev).
        .systemLibrary(name: "LibZ", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(name: "LibBrotliEnc", pkgConfig: "libbrotlienc", providers: [.apt(["libbrotli-dev"]), .brew(["brotli"])]),
        .systemLibrary(name: "LibQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]),
        // QR codes as SVG (libqrencode): the handouts' way back to their page.
        .target(name: "QRCode", dependencies: ["LibQREncode"]),
        // The gzip and Brotli copies of the site's text files and the offline zip (zlib, libbrotli), deterministic.
        .target(name: "Precompression", dependencies: ["LibZ", "LibBrotliEnc"]),
        // A small Swift face over cmark-gfm: parse, walk, rewrite links, heading ids, HTML.
        .target(name: "Markdown", dependencies: ["CMarkGFM"]),
        // What the build says to editors: problems with file, line and column, and how they print.
        .target(name: "Diagnostics"),
        // The first phase's reading: front matter split from the body, YAML read with every mistake
        // at its cause (Yams), typed fields with their positions, dates.
        .target(name: "FrontMatter", dependencies: ["Diagnostics", "Markdown", "Yams"]),
        // The typed model: pages, cell types, treatments, drugs, side effects, terms; read and checked.
        .target(name: "GuideModel", dependencies: ["Diagnostics", "FrontMatter", "Markdown"]),
        // Checks of what pages say: body mistakes, prose against the indications, reading level.
        .target(name: "ContentChecks", dependencies: ["Diagnostics", "FrontMatter", "GuideModel", "Markdown"]),
        // swift-mustache 2.1.1, kept here with a faster name lookup and parser (see its README.md).
        .target(name: "Mustache", exclude: ["LICENSE.txt", "README.md"]),
        // The templates folder: the Mustache templates, loaded and checked (swift-mustache), and the string table.
        .target(name: "SiteTemplates", dependencies: ["Diagnostics", "FrontMatter", "Markdown", "Mustache", "Yams"]),
        // The model as template data, in the site's language: pages, handouts, generated files.
        .target(name: "SiteRendering", dependencies: ["Diagnostics", "FrontMatter", "GuideModel", "Markdown", "QRCode", "SiteTemplates", "Yams"]),
        // The one build: sources → model → link targets → output formats → a writer.
        .target(name: "SiteBuilder", dependencies: [
            "Diagnostics", "FrontMatter", "GuideModel", "ContentChecks", "Markdown", "SiteTemplates", "SiteRendering", "Precompression",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Handouts printed to PDF by WeasyPrint or Chromium: one more output format of the build.
        .target(name: "HandoutPDF", dependencies: ["SiteBuilder", "SiteRendering", "GuideModel"]),
        // `guide serve`: HTTP on loopback, file watching, rebuilds and live reload.
        .target(name: "PreviewServer", dependencies: [
            "SiteBuilder", "Diagnostics", "GuideModel", "Markdown",
            // Hummingbird's server core over SwiftNIO's HTTP/1 parser.
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "guide", dependencies: [
            "SiteBuilder", "GuideModel", "PreviewServer", "HandoutPDF", "ContentChecks", "FrontMatter", "Diagnostics",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // `swift run -c release guide-fuzz`: mutated content and templates through the checks (a measurement, not a test).
        .executableTarget(name: "GuideFuzz", dependencies: ["SiteBuilder", "GuideModel", "Markdown"]),
        // Pages shared by the fixtures of the test targets below.
        .target(name: "GuideTestSupport", dependencies: ["SiteBuilder", "SiteRendering", "SiteTemplates", "GuideModel"], path: "Tests/Support"),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "Diagnostics", "GuideModel"]),
        .testTarget(name: "ContentChecksTests", dependencies: ["ContentChecks"]),
        .testTarget(name: "GuideModelTests", dependencies: ["GuideModel", "ContentChecks", "GuideTestSupport"]),
        .testTarget(name: "SiteBuilderTests", dependencies: [
            "SiteBuilder", "Precompression", "QRCode", "SiteRendering", "SiteTemplates", "GuideModel", "Markdown", "GuideTestSupport", "FrontMatter", "Diagnostics",
            "Mustache", .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["Golden"]),
        .testTarget(name: "HandoutPDFTests", dependencies: ["HandoutPDF", "Diagnostics", "SiteBuilder", "SiteRendering", "SiteTemplates", "GuideModel", "GuideTestSupport"]),
        .testTarget(name: "PreviewServerTests", dependencies: ["PreviewServer", "Diagnostics", "SiteBuilder", "SiteRendering", "SiteTemplates", "GuideModel", "GuideTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
