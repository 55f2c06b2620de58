// swift-tools-version: 6.0
import PackageDescription

// A Swift site's package as a pixeltag user has it: it depends on pixeltag only to run
// `swift package pixeltag …` on the HTML its build writes. The path points at this
// repository from Tests/Fixtures/PluginConsumer (and from the test's copy at
// .build-plugin-e2e/Fixtures/PluginConsumer, which sits as deep).
let package = Package(
    name: "PluginConsumer",
    dependencies: [
        .package(path: "../../.."),
    ],
    targets: [
        .target(name: "Site"),
    ]
)
