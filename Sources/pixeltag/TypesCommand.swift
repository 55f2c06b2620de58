import ArgumentParser
import PixelTagKit

struct TypesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "types",
        abstract: "List the event types the Adstat API offers.",
        discussion: """
            These are the values `pixeltag events create --type` accepts.

            Example:
              export ADSTAT_API_TOKEN=...
              pixeltag types
            """
    )

    @OptionGroup var api: APIOptions

    func run() async throws {
        try await reportingErrors {
            let types = try await api.client().eventTypes()
            Console.out(api.json ? APIRendering.json(types) : APIRendering.typesTable(types))
        }
    }
}
