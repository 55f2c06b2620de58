import Foundation
import Testing
@testable import PixelTagKit

/// Output checked against a file kept under Tests/PixelTagKitTests/Fixtures, read from the
/// source tree. `PIXELTAG_UPDATE_GOLDEN=1 swift test --filter …` writes the file instead of
/// comparing: review its diff before committing it, as it is the specification.
enum Golden {
    static let folder = ToolRunner.packageRoot.appendingPathComponent("Tests/PixelTagKitTests/Fixtures")
    static var updating: Bool { ProcessInfo.processInfo.environment["PIXELTAG_UPDATE_GOLDEN"] == "1" }

    static func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: folder.appendingPathComponent(path)), as: UTF8.self)
    }

    static func check(_ actual: String, matches path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(path)
        if updating {
            try Data(actual.utf8).write(to: file)
            return
        }
        let expected = (try? read(path)) ?? ""
        if actual != expected {
            let diff = UnifiedDiff.render(Array(expected.utf8), Array(actual.utf8), path: path)
            Issue.record("differs from Fixtures/\(path) (PIXELTAG_UPDATE_GOLDEN=1 rewrites it):\n\(diff)", sourceLocation: sourceLocation)
        }
    }
}
