// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "pixeltag",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pixeltag", targets: ["pixeltag"]),
        .library(name: "PixelTagKit", targets: ["PixelTagKit"]),
        .plugin(name: "PixelTagCommand", targets: ["PixelTagCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Test support only: the loopback fake of the Adstat API.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(
            name: "PixelTagKit",
            dependencies: ["CLibXML2", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "pixeltag",
            dependencies: ["PixelTagKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(
            name: "AdstatFake",
            dependencies: [
                .product(name: "FlyingFox", package: "FlyingFox"),
                // HTTPBodySequence's streaming init takes FlyingSocks' sequence type.
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ],
            path: "Tests/Support/AdstatFake"
        ),
        .executableTarget(
            name: "adstat-fake",
            dependencies: ["AdstatFake"],
            path: "Tests/Support/adstat-fake"
        ),
        .testTarget(
            name: "PixelTagKitTests",
            dependencies: ["PixelTagKit", "AdstatFake"],
            resources: [.copy("Fixtures")]
        ),
        .plugin(
            name: "PixelTagCommand",
            capability: .command(
                intent: .custom(verb: "pixeltag", description: "Inject, strip and verify Telegram Ads Pixel Tag code in a built static site"),
                permissions: [.writeToPackageDirectory(reason: "pixeltag inject and strip rewrite the HTML pages of your built site in place")]
            ),
            dependencies: ["pixeltag"]
        ),
    ]
)
