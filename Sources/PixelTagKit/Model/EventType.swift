/// An event type the account may create events of (`GET /api/pixel_events/types`).
package struct EventType: Codable, Sendable, Equatable, Hashable {
    package var type: String
    package var label: String?

    package init(type: String, label: String? = nil) {
        self.type = type
        self.label = label
    }
}
