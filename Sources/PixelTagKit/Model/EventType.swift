/// An event type the account may create events of (`GET /api/pixel_events/types`).
public struct EventType: Codable, Sendable, Equatable, Hashable {
    public var type: String
    public var label: String?

    public init(type: String, label: String? = nil) {
        self.type = type
        self.label = label
    }
}
