import Foundation

/// Validates reports against the committed schemas with the standard tools: xmllint (Debian's
/// libxml2-utils) for JUnit XML, Python's jsonschema for JSON and SARIF. Neither is on a fresh machine,
/// so the tests that need one are enabled only when it answers; `.ci/run` installs both.
enum SchemaCheck {
    struct Outcome {
        var valid: Bool
        var output: String
    }

    static let schemas = ToolRunner.packageRoot.appendingPathComponent("Schemas")

    static let hasXmllint = (try? run("/usr/bin/env", ["xmllint", "--version"]).valid) ?? false
    static let hasJSONSchema = (try? run("/usr/bin/env", ["python3", "-c", "import jsonschema"]).valid) ?? false
    static let needsXmllint = "needs xmllint (apt-get install libxml2-utils)"
    static let needsJSONSchema = "needs Python's jsonschema (pip install jsonschema)"

    static func junit(_ xml: String) throws -> Outcome {
        let folder = try TemporaryFolder()
        try folder.write(xml, to: "report.xml")
        return try run("/usr/bin/env", ["xmllint", "--noout", "--schema", schemas.appendingPathComponent("junit.xsd").path,
                                        folder.url.appendingPathComponent("report.xml").path])
    }

    static func json(_ json: String) throws -> Outcome {
        try jsonSchema(json, schema: "verify-report.schema.json", validator: "Draft202012Validator")
    }

    /// Against the OASIS SARIF 2.1.0 schema (Schemas/sarif-schema-2.1.0.json, Draft 4).
    static func sarif(_ json: String) throws -> Outcome {
        try jsonSchema(json, schema: "sarif-schema-2.1.0.json", validator: "Draft4Validator")
    }

    private static func jsonSchema(_ json: String, schema: String, validator: String) throws -> Outcome {
        let folder = try TemporaryFolder()
        try folder.write(json, to: "report.json")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.\(validator).check_schema(schema)
            jsonschema.validate(json.load(open(sys.argv[2])), schema, cls=jsonschema.\(validator))
            print("valid")
            """
        return try run("/usr/bin/env", ["python3", "-c", script, schemas.appendingPathComponent(schema).path,
                                        folder.url.appendingPathComponent("report.json").path])
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(valid: process.terminationStatus == 0, output: String(decoding: data, as: UTF8.self))
    }
}
