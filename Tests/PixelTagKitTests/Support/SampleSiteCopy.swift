import Foundation

/// A temporary copy of sample-site (config, lock and public/), for commands that change it.
struct SampleSiteCopy {
    let folder: TemporaryFolder
    var url: URL { folder.url }
    var config: String { folder.url.appendingPathComponent("pixeltag.yml").path }
    var site: URL { folder.url.appendingPathComponent("public") }

    init() throws {
        folder = try TemporaryFolder()
        try Self.copy(into: folder.url)
    }

    static func copy(into target: URL) throws {
        let sample = ToolRunner.packageRoot.appendingPathComponent("sample-site")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        // Not a build cache a local run may have left beside the config: each copy starts cold.
        for item in try FileManager.default.contentsOfDirectory(atPath: sample.path) where item != ".pixeltag-cache" {
            try FileManager.default.copyItem(at: sample.appendingPathComponent(item), to: target.appendingPathComponent(item))
        }
    }

    /// Every file of the site and its bytes.
    func snapshot() throws -> [String: Data] { try Self.snapshot(of: site) }

    /// Every file under `site` (temporary files included) and its bytes.
    static func snapshot(of site: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: site.path)!
        while let path = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            let file = site.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = try Data(contentsOf: file)
            }
        }
        return files
    }
}
