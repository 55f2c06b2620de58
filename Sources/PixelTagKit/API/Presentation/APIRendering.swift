import Foundation

/// How the API commands show what the API returned: aligned tables for people, the API's own
/// snake_case objects for `--json`.
package enum APIRendering {
    package static func eventsTable(_ events: [PixelEvent]) -> String {
        var table = TextTable(header: ["ID", "TITLE", "TYPE", "STATUS", "ADS", "LAST TRIGGERED"])
        for event in events {
            table.add([event.id, event.title, event.type ?? "-", event.status ?? "-",
                       event.adsCount.map(String.init) ?? "-", event.lastTriggeredAt ?? "never"])
        }
        return table.render()
    }

    package static func typesTable(_ types: [EventType]) -> String {
        var table = TextTable(header: ["TYPE", "LABEL"])
        for type in types { table.add([type.type, type.label ?? "-"]) }
        return table.render()
    }

    /// The identifiers as a table, then the snippet itself, unescaped, ready to copy.
    package static func baseCode(_ code: BaseCode) -> String {
        var table = TextTable(header: ["PIXEL ID", "TELEGRAM PIXEL ID"])
        table.add([code.id ?? "-", code.tgPixelId ?? "-"])
        var snippet = code.codeSnippet
        if !snippet.hasSuffix("\n") { snippet += "\n" }
        return table.render() + "\n" + snippet
    }

    /// Pretty, key-sorted JSON with a final newline; slashes stay unescaped so snippets read
    /// as they are (`</script>`, not `<\/script>`).
    package static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // The API's own values always encode.
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
