/// The account's base Pixel Tag code (`GET /api/pixel_events/{account_id}/code_snippet`),
/// the script every page carries in its `<head>`.
package struct BaseCode: Codable, Sendable, Equatable, Hashable {
    package var id: String?
    package var tgPixelId: String?
    package var codeSnippet: String

    package init(id: String? = nil, tgPixelId: String? = nil, codeSnippet: String) {
        self.id = id
        self.tgPixelId = tgPixelId
        self.codeSnippet = codeSnippet
    }

    enum CodingKeys: String, CodingKey {
        case id
        case tgPixelId = "tg_pixel_id"
        case codeSnippet = "code_snippet"
    }
}
