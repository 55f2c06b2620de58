import Foundation

/// An event as the fake serves it: written independently of PixelTagKit's model so that the
/// tests compare the client against the contract, not against itself.
public struct FakeEvent: Codable, Sendable, Equatable {
    public var id: String
    public var pixelId: String
    public var tgEventId: String
    public var title: String
    public var type: String
    public var status: String
    public var adsCount: Int
    public var createdAt: String
    public var lastTriggeredAt: String?
    public var codeSnippet: String

    public init(id: String, pixelId: String = "pixel_12345", tgEventId: String? = nil, title: String, type: String = "custom",
                status: String = "inactive", adsCount: Int = 0, createdAt: String = "2025-06-04T14:36:45+00:00",
                lastTriggeredAt: String? = nil, codeSnippet: String? = nil) {
        self.id = id
        self.pixelId = pixelId
        self.tgEventId = tgEventId ?? "tg_" + id
        self.title = title
        self.type = type
        self.status = status
        self.adsCount = adsCount
        self.createdAt = createdAt
        self.lastTriggeredAt = lastTriggeredAt
        self.codeSnippet = codeSnippet ?? "<script>\ntgp('event', '\(id)');\n</script>"
    }

    enum CodingKeys: String, CodingKey {
        case id, title, type, status
        case pixelId = "pixel_id"
        case tgEventId = "tg_event_id"
        case adsCount = "ads_count"
        case createdAt = "created_at"
        case lastTriggeredAt = "last_triggered_at"
        case codeSnippet = "code_snippet"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(pixelId, forKey: .pixelId)
        try c.encode(tgEventId, forKey: .tgEventId)
        try c.encode(title, forKey: .title)
        try c.encode(type, forKey: .type)
        try c.encode(status, forKey: .status)
        try c.encode(adsCount, forKey: .adsCount)
        try c.encode(createdAt, forKey: .createdAt)
        // The real API sends an explicit null.
        try c.encode(lastTriggeredAt, forKey: .lastTriggeredAt)
        try c.encode(codeSnippet, forKey: .codeSnippet)
    }
}

public struct FakeBaseCode: Codable, Sendable, Equatable {
    public var id: String
    public var tgPixelId: String
    public var codeSnippet: String

    public init(id: String = "3fa85f64-5717-4562-b3fc-2c963f66afa6", tgPixelId: String = "pixel_12345", codeSnippet: String? = nil) {
        self.id = id
        self.tgPixelId = tgPixelId
        self.codeSnippet = codeSnippet
            ?? "<script>\n(function(w,d,s,l,i){w[l]=w[l]||[];})(window,document,'script','dataLayer','\(tgPixelId)');\n</script>"
    }

    enum CodingKeys: String, CodingKey {
        case id
        case tgPixelId = "tg_pixel_id"
        case codeSnippet = "code_snippet"
    }
}

public struct FakeEventType: Codable, Sendable, Equatable {
    public var type: String
    public var label: String

    public init(type: String, label: String) {
        self.type = type
        self.label = label
    }
}

/// The in-memory account the fake serves, and the tokens it accepts.
public struct FakeAccount: Sendable {
    public var id: String
    public var baseCode: FakeBaseCode
    public var events: [FakeEvent]
    public var types: [FakeEventType]
    public var accessTokens: Set<String>
    public var refreshTokens: Set<String>

    public init(id: String = "12345", baseCode: FakeBaseCode = FakeBaseCode(), events: [FakeEvent] = [],
                types: [FakeEventType] = FakeAccount.standardTypes,
                accessTokens: Set<String> = [FakeAccount.demoAccessToken],
                refreshTokens: Set<String> = [FakeAccount.demoRefreshToken]) {
        self.id = id
        self.baseCode = baseCode
        self.events = events
        self.types = types
        self.accessTokens = accessTokens
        self.refreshTokens = refreshTokens
    }

    public static let demoAccessToken = "demo-access-token"
    public static let demoRefreshToken = "demo-refresh-token"

    public static let standardTypes = [
        FakeEventType(type: "page_view", label: "Page View"),
        FakeEventType(type: "purchase", label: "Purchase"),
        FakeEventType(type: "lead", label: "Lead"),
        FakeEventType(type: "custom", label: "Custom Event"),
    ]

    /// Two events, one of each status, for trying the commands by hand.
    public static let demo = FakeAccount(events: [
        FakeEvent(id: "evt_purchase", title: "Purchase", type: "purchase", status: "active", adsCount: 2,
                  lastTriggeredAt: "2025-06-05T09:12:03.512+00:00"),
        FakeEvent(id: "evt_signup", title: "Sign-up", type: "lead"),
    ])
}
