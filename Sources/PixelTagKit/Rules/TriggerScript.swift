/// The one small listener a page gets when events fire on clicks or submits: delegated on
/// `document` (capture phase, so a handler that stops propagation cannot hide the event),
/// with no inline `onclick` in the page's own markup. A submit fires when it lands on a
/// matching form (or inside a matching element) or was sent by a matching submit button.
package enum TriggerScript {
    package struct Entry: Sendable, Equatable {
        package var trigger: PixelTagConfig.Trigger
        /// A CSS selector for the element (or an ancestor of the target) that fires it.
        package var selector: String
        /// The event snippet's JavaScript.
        package var call: String
    }

    /// - Parameter skipsUnderGPC: the listener fires nothing when the browser sends Global
    ///   Privacy Control (`consent.gpc`).
    package static func render(_ entries: [Entry], consent: String?, manager: ConsentManager = .generic, skipsUnderGPC: Bool = false) -> String {
        let type = consent.map { manager.attributes(for: $0) } ?? ""
        var lines = ["<script\(type)>", "(function (d) {"]
        if skipsUnderGPC { lines.append("  if (navigator.globalPrivacyControl) return;") }
        for entry in entries {
            let selector = JavaScriptString.literal(entry.selector)
            lines.append("  d.addEventListener(\(JavaScriptString.literal(entry.trigger.rawValue)), function (e) {")
            switch entry.trigger {
            case .click:
                lines.append("    var t = e.target;")
                lines.append("    if (t && t.closest && t.closest(\(selector))) { \(entry.call) }")
            case .submit:
                // A submit lands on the form; the button that sent it is the submitter.
                lines.append("    var t = e.target, s = e.submitter;")
                lines.append("    if ((t && t.closest && t.closest(\(selector))) || (s && s.closest(\(selector)))) { \(entry.call) }")
            }
            lines.append("  }, true);")
        }
        lines.append("})(document);")
        lines.append("</script>")
        return lines.joined(separator: "\n")
    }
}
