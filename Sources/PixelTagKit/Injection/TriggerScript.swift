/// The one small listener a page gets when events fire on clicks or submits: delegated on
/// `document` (capture phase, so a handler that stops propagation cannot hide the event),
/// with no inline `onclick` in the page's own markup.
public enum TriggerScript {
    public struct Entry: Sendable, Equatable {
        public var trigger: PixelTagConfig.Trigger
        /// A CSS selector for the element (or an ancestor of the target) that fires it.
        public var selector: String
        /// The event snippet's JavaScript.
        public var call: String
    }

    public static func render(_ entries: [Entry], consent: String?) -> String {
        let type = consent.map { " type=\"text/plain\" data-category=\"\($0)\"" } ?? ""
        var lines = ["<script\(type)>", "(function (d) {"]
        for entry in entries {
            lines.append("  d.addEventListener(\(JavaScriptString.literal(entry.trigger.rawValue)), function (e) {")
            lines.append("    var t = e.target;")
            lines.append("    if (t && t.closest && t.closest(\(JavaScriptString.literal(entry.selector)))) { \(entry.call) }")
            lines.append("  }, true);")
        }
        lines.append("})(document);")
        lines.append("</script>")
        return lines.joined(separator: "\n")
    }
}
