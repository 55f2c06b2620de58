import Foundation

/// Events a page names itself, written by the site's templates:
/// `<!-- pixeltag:event NAME -->` puts the event right after the comment;
/// `data-pixeltag-event="NAME"` puts it right after the element, or, with
/// `data-pixeltag-on="click|submit"`, fires it when the element is clicked or submitted.
/// Annotations stay in the page: they are the author's, and `strip` leaves them.
package enum Annotations {
    package static let commentPrefix = "pixeltag:event"
    package static let eventAttribute = "data-pixeltag-event"
    package static let triggerAttribute = "data-pixeltag-on"
    /// Every attribute whose name starts with this is kept by the parser, so a misspelled one
    /// (`data-pixeltag-evnt`) can be reported instead of passing unseen.
    static let attributePrefix = "data-pixeltag"
    private static let keyword = ByteSearch(Array("pixeltag".utf8))

    package struct Found: Sendable {
        package var name: String
        /// Where the block goes, or nil when the annotation binds a trigger.
        package var offset: Int?
        package var trigger: PixelTagConfig.Trigger?
        /// The annotation's own position, for messages.
        package var at: Int
        /// The annotated element, for an attribute annotation.
        package var element: Int? = nil
    }

    /// A cheap test on the page's bytes before any parsing: most pages have no annotation,
    /// and only annotations make a page need its full tree. Annotations are written in
    /// lowercase (`pixeltag:event`, `data-pixeltag-event`), as data attributes always are.
    package static func mayOccur(in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { keyword.first(in: $0) != nil }
    }

    /// The annotations of a parsed page in document order, or the first malformed one.
    /// A comment a browser reads as an element's text (in a `<textarea>`, a `<script>`) is no
    /// comment, so no annotation: a page may show the syntax as an example.
    static func find(in page: Page, live: LivePlaces) throws(PlacementPlanner.Failure) -> [Found] {
        var found: [Found] = []
        for comment in page.comments where live.inert(at: comment.range.lowerBound)?.reason != .inside(.text) {
            let text = comment.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix(commentPrefix) else { continue }
            let rest = text.dropFirst(commentPrefix.count)
            // `pixeltag:events` or `pixeltag:event-x` is some other comment.
            guard rest.isEmpty || rest.first!.isWhitespace else { continue }
            let name = rest.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else {
                throw .init(message: "<!-- pixeltag:event --> needs an event's title or id, e.g. <!-- pixeltag:event Purchase -->", offset: comment.range.lowerBound)
            }
            found.append(Found(name: name, offset: comment.range.upperBound, trigger: nil, at: comment.range.lowerBound))
        }
        for index in page.treeOrder {
            let element = page.elements[index]
            guard !element.isImplied, let name = element.attribute(eventAttribute) else { continue }
            let at = element.startTag.lowerBound
            guard !name.isEmpty else {
                throw .init(message: "\(eventAttribute) is empty: give an event's title or id", offset: at)
            }
            if let on = element.attribute(triggerAttribute) {
                guard let trigger = PixelTagConfig.Trigger(rawValue: on.lowercased()) else {
                    throw .init(message: "\(triggerAttribute)=\"\(on)\" is not a trigger: use click or submit", offset: at)
                }
                found.append(Found(name: name, offset: nil, trigger: trigger, at: at, element: index))
            } else {
                found.append(Found(name: name, offset: element.outerEnd, trigger: nil, at: at))
            }
        }
        return found.sorted { $0.at < $1.at }
    }

    /// What a page's annotations do that does not stop inject but may not be what their author
    /// meant, each with its offset: a comment or attribute that looks like an annotation but
    /// is not one pixeltag reads (it placed nothing), and an annotation naming an event the
    /// lock has as inactive. Called once the annotations themselves have been placed.
    static func review(_ page: Page, rules: RuleSet) -> [(offset: Int, finding: Finding)] {
        var notes: [(offset: Int, finding: Finding)] = []
        let live = LivePlaces(page: page)
        // As `find` reads them: a comment a browser shows as text is no annotation, near or not.
        for comment in page.comments where live.inert(at: comment.range.lowerBound)?.reason != .inside(.text) {
            let text = comment.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.lowercased().hasPrefix("pixeltag"), !isAnnotation(text) else { continue }
            let shown = "<!-- \(shorten(text)) -->"
            let advice = suggestedComment(for: text).map { "; did you mean <!-- \($0) -->?" } ?? "; write <!-- pixeltag:event NAME -->"
            notes.append((comment.range.lowerBound, Finding(kind: .unused, subject: .event, event: nil, line: nil,
                message: "\(shown) looks like an annotation, but pixeltag reads only <!-- pixeltag:event NAME -->, so it placed nothing\(advice)")))
        }
        for index in page.treeOrder where !page.elements[index].isImplied {
            let element = page.elements[index]
            let at = element.startTag.lowerBound
            for attribute in element.attributes where attribute.name.hasPrefix(attributePrefix) {
                if attribute.name == eventAttribute { continue }
                if attribute.name == triggerAttribute {
                    guard element.attribute(eventAttribute) == nil else { continue }
                    notes.append((at, Finding(kind: .unused, subject: .event, event: nil, line: nil,
                        message: "\(triggerAttribute)=\"\(shorten(attribute.value))\" on <\(element.name)> needs \(eventAttribute)=\"NAME\" beside it, so it placed nothing")))
                    continue
                }
                let advice = Suggestion.closest(to: attribute.name, in: [eventAttribute, triggerAttribute]).map { "; did you mean \($0)?" }
                    ?? "; pixeltag reads \(eventAttribute) and \(triggerAttribute)"
                notes.append((at, Finding(kind: .unused, subject: .event, event: nil, line: nil,
                    message: "\(attribute.name)=\"\(shorten(attribute.value))\" on <\(element.name)> is not an attribute pixeltag reads, so it placed nothing\(advice)")))
            }
        }
        // The annotations themselves were read when they were placed: no error is left here.
        for annotation in (try? find(in: page, live: live)) ?? [] {
            guard case .success(let event) = rules.annotatedEvent(named: annotation.name), let status = event.inactiveStatus else { continue }
            notes.append((annotation.at, Finding(kind: .deactivated, event: event.eventID, line: nil,
                message: "the annotation names event \(Quote.text(event.title)), which is \(status) in \(rules.lockName), so the Telegram pixel may not count it; activate it on the account and run `pixeltag sync`, or remove the annotation")))
        }
        return notes.sorted { $0.offset < $1.offset }
    }

    /// `pixeltag:event NAME`, as `find` reads it.
    static func isAnnotation(_ text: String) -> Bool {
        guard text.hasPrefix(commentPrefix) else { return false }
        let rest = text.dropFirst(commentPrefix.count)
        return rest.first?.isWhitespace == true && !rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// The annotation a near miss was most likely meant to be: `pixeltag: event Purchase`,
    /// `PixelTag:evnt Purchase` and `pixeltag event Purchase` all mean `pixeltag:event Purchase`.
    static func suggestedComment(for text: String) -> String? {
        var rest = Substring(text.dropFirst("pixeltag".count))
        rest = rest.drop { $0 == ":" || $0.isWhitespace || $0 == "-" }
        let word = rest.prefix { !$0.isWhitespace }
        let name = rest.dropFirst(word.count).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, Suggestion.closest(to: String(word), in: ["event"]) != nil else { return nil }
        return "\(commentPrefix) \(name)"
    }

    /// One line of at most 60 characters, for quoting page text in a message.
    static func shorten(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 60 ? String(line.prefix(57)) + "..." : line
    }
}
