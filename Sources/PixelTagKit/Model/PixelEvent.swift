/// A Pixel Tag event as the Adstat API returns it (`GET /api/pixel_events/`).
///
/// Decoding is lenient on purpose: unknown fields are ignored and only the fields pixeltag
/// cannot work without (`id`, `title`, `code_snippet`) are required, so a new server field
/// or a missing counter never breaks a build.
package struct PixelEvent: Codable, Sendable, Equatable, Hashable {
    package var id: String
    package var pixelId: String?
    package var tgEventId: String?
    package var title: String
    package var type: String?
    package var status: String?
    package var adsCount: Int?
    /// ISO 8601, kept as the server wrote it so the lock file round-trips byte for byte.
    package var createdAt: String?
    package var lastTriggeredAt: String?
    package var codeSnippet: String

    package init(
        id: String, pixelId: String? = nil, tgEventId: String? = nil, title: String, type: String? = nil,
        status: String? = nil, adsCount: Int? = nil, createdAt: String? = nil, lastTriggeredAt: String? = nil,
        codeSnippet: String
    ) {
        self.id = id
        self.pixelId = pixelId
        self.tgEventId = tgEventId
        self.title = title
        self.type = type
        self.status = status
        self.adsCount = adsCount
        self.createdAt = createdAt
        self.lastTriggeredAt = lastTriggeredAt
        self.codeSnippet = codeSnippet
    }

    package var isActive: Bool { status.map { $0 == "active" } ?? true }

    enum CodingKeys: String, CodingKey {
        case id, title, type, status
        case pixelId = "pixel_id"
        case tgEventId = "tg_event_id"
        case adsCount = "ads_count"
        case createdAt = "created_at"
        case lastTriggeredAt = "last_triggered_at"
        case codeSnippet = "code_snippet"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        pixelId = try c.decodeIfPresent(String.self, forKey: .pixelId)
        tgEventId = try c.decodeIfPresent(String.self, forKey: .tgEventId)
        title = try c.decode(String.self, forKey: .title)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        // The contract says "number": accept 3 and 3.0 alike.
        if let whole = try? c.decodeIfPresent(Int.self, forKey: .adsCount) {
            adsCount = whole
        } else if let real = try? c.decodeIfPresent(Double.self, forKey: .adsCount) {
            adsCount = Int(exactly: real.rounded()) ?? nil
        } else {
            adsCount = nil
        }
        createdAt = try c.decodeIfPresent(String.self, forKey: .createdAt)
        lastTriggeredAt = try c.decodeIfPresent(String.self, forKey: .lastTriggeredAt)
        codeSnippet = try c.decode(String.self, forKey: .codeSnippet)
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(pixelId, forKey: .pixelId)
        try c.encodeIfPresent(tgEventId, forKey: .tgEventId)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(adsCount, forKey: .adsCount)
        try c.encodeIfPresent(createdAt, forKey: .createdAt)
        // The API sends an explicit null; so does the lock, to read like the API's answer.
        try c.encode(lastTriggeredAt, forKey: .lastTriggeredAt)
        try c.encode(codeSnippet, forKey: .codeSnippet)
    }
}
