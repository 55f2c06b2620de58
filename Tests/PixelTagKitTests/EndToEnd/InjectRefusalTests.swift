import Foundation
import Testing

/// The README's "What inject refuses", case by case through the binary: each ends with
/// status 2 and one line of advice before anything is written, in the site or beside it.
@Suite struct InjectRefusalTests {
    enum Case: String, CaseIterable, CustomTestStringConvertible {
        case invalidYAML, noSite, unknownKey, unknownEvent, missingLock, lockOfAnotherAccount
        case outInsideTheSite, outHoldingTheSite, outWithFilesPixeltagDidNotWrite, siteWithNoPages
        var testDescription: String { rawValue }
    }

    /// Sets up the case in a copy of the sample site; the arguments of the run.
    func prepare(_ refusal: Case, in sample: SampleSiteCopy) throws -> [String] {
        let folder = sample.folder
        var config = String(decoding: try folder.read("pixeltag.yml"), as: UTF8.self)
        switch refusal {
        case .invalidYAML: config += "  - event: [unclosed\n"
        case .noSite: config = config.replacingOccurrences(of: "\nsite: public\n", with: "\n")
        case .unknownKey: config += "colour: blue\n"
        case .unknownEvent: config = config.replacingOccurrences(of: "- event: Purchase", with: "- event: Purchse")
        case .missingLock: try FileManager.default.removeItem(at: folder.url.appendingPathComponent("pixeltag.lock.json"))
        case .lockOfAnotherAccount: config = config.replacingOccurrences(of: "account: \"100200300\"", with: "account: \"999\"")
        case .outInsideTheSite: return ["inject", "--out", "public/dist"]
        case .outHoldingTheSite: return ["inject", "--out", "."]
        case .outWithFilesPixeltagDidNotWrite:
            try folder.write("mine\n", to: "dist/notes.txt")
            return ["inject", "--out", "dist"]
        case .siteWithNoPages:
            try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("empty"), withIntermediateDirectories: true)
            return ["inject", "--site", "empty"]
        }
        try folder.write(config, to: "pixeltag.yml")
        return ["inject"]
    }

    @Test(arguments: Case.allCases)
    func refusedBeforeAnythingIsWritten(_ refusal: Case) async throws {
        let sample = try SampleSiteCopy()
        let arguments = try prepare(refusal, in: sample)
        let before = try SampleSiteCopy.snapshot(of: sample.url)
        let result = try await ToolRunner.run(arguments, in: sample.url)
        #expect(result.status == 2, "\(result.stderr)")
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errors.count == 1, "\(result.stderr)")
        #expect(try SampleSiteCopy.snapshot(of: sample.url) == before)
    }
}
