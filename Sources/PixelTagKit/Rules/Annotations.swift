import Foundation

/// Events a page names itself, written by the site's templates:
/// `<!-- pixeltag:event NAME -->` puts the event right after the comment;
/// `data-pixeltag-event="NAME"` puts it right after the element, or, with
/// `data-pixeltag-on="click|submit"`, fires it when the element is clicked or submitted.
/// Annotations stay in the page: they are the author's, and `strip` leaves them.
public enum Annotations {
    public static let commentPrefix = "pixeltag:event"
    public static let eventAttribute = "data-pixeltag-event"
    public static let triggerAttribute = "data-pixeltag-on"
    private static let keyword = ByteSearch(Array("pixeltag".utf8))

    public struct Found: Sendable {
        public var name: String
        /// Where the block goes, or nil when the annotation binds a trigger.
        public var offset: Int?
        public var trigger: PixelTagConfig.Trigger?
        /// The annotation's own position, for messages.
        public var at: Int
        /// The annotated element, for an attribute annotation.
        public var element: Int? = nil
    }

    /// A cheap test on the page's bytes before any parsing: most pages have no annotation,
    /// and only annotations make a page need its full tree. Annotations are written in
    /// lowercase (`pixeltag:event`, `data-pixeltag-event`), as data attributes always are.
    public static func mayOccur(in bytes: [UInt8]) -> Bool {
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
}
