// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "pixeltag",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pixeltag", targets: ["pixeltag"]),
        .plugin(name: "PixelTagCommand", targets: ["PixelTagCommand"]),
        .plugin(name: "PixelTagVerify", targets: ["PixelTagVerify"]),
        .plugin(name: "PixelTagAPI", targets: ["PixelTagAPI"]),
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
        // All behaviour, for the executable and the tests only: no library product, so no
        // other package can import it and its Swift API promises nothing (ARCHITECTURE.md).
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
            // Yams: the GitHub Action's tests read action.yml as a runner does.
            dependencies: ["PixelTagKit", "AdstatFake", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Fixtures")]
        ),
        // SwiftPM grants permissions per plugin, not per verb, and without a terminal it
        // refuses to run a plugin whose permissions were not passed as flags. So each set of
        // permissions has its plugin: `pixeltag` writes (inject, strip), `pixeltag-verify`
        // needs nothing, `pixeltag-api` writes the lock and reaches the Adstat API.
        .plugin(
            name: "PixelTagCommand",
            capability: .command(
                intent: .custom(verb: "pixeltag", description: "Inject or strip Telegram Ads Pixel Tag code in a built static site (e.g. swift package --allow-writing-to-package-directory pixeltag inject)"),
                permissions: [.writeToPackageDirectory(reason: "pixeltag inject and strip rewrite the HTML pages of your built site in place")]
            ),
            dependencies: ["pixeltag"]
        ),
        .plugin(
            name: "PixelTagVerify",
            capability: .command(
                intent: .custom(verb: "pixeltag-verify", description: "Check that every page has its Pixel Tag code, without writing (e.g. swift package pixeltag-verify --format github)")
            ),
            dependencies: ["pixeltag"]
        ),
        .plugin(
            name: "PixelTagAPI",
            capability: .command(
                intent: .custom(verb: "pixeltag-api", description: "Run pixeltag's Adstat API commands: sync, events, types, code, verify --online (e.g. swift package --allow-writing-to-package-directory --allow-network-connections all:443 pixeltag-api sync)"),
                permissions: [
                    .writeToPackageDirectory(reason: "pixeltag sync writes the lock file pixeltag.lock.json"),
                    .allowNetworkConnections(scope: .all(ports: [443]), reason: "pixeltag sync, events, types, code and verify --online call the Adstat API over HTTPS"),
                ]
            ),
            dependencies: ["pixeltag"]
        ),
    ]
)
