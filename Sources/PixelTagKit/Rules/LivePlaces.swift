/// The placement contract: the places in a page where a browser runs a block inserted there.
///
/// A block is a comment, a `<script>` and a comment. It runs only where a browser's tokenizer
/// is in the data state of HTML content and its tree builder makes the `<script>` a live
/// element of the document. So never:
/// - in the text of raw-text and RCDATA elements (`script`, `style`, `xmp`, `iframe`,
///   `noembed`, `noframes`, `noscript` with scripting on, `title`, `textarea`), nor after
///   `<plaintext>`: the block would be that element's text (and inside a `<script>`, its
///   `</script>` would end the page's own script early);
/// - in `<template>` content, a fragment a browser keeps out of the document;
/// - in SVG or MathML content, where `<script>` is not an HTML script;
/// - in or after a `<frameset>`, where a browser drops it;
/// - "inside" a void element (`img`, `input`, `meta`…), which has no inside.
///
/// Places come from the element tree (when the page was parsed with one) and from
/// `Page.inertRanges`, where the tokenizer records what the tree cannot show.
package struct LivePlaces: Sendable {
    /// Why a block at some place would not run, and the element that makes it so.
    package struct Inert: Sendable, Equatable {
        package enum Reason: Sendable, Equatable {
            case inside(Page.InertRange.Kind)
            /// "Inside" a void element.
            case void
        }

        package var reason: Reason
        /// The element's lowercase name, and where its start tag begins.
        package var element: String
        package var elementStart: Int

        /// What a browser does with a block there, for messages, e.g. "a browser reads the
        /// content of <title> as text, not markup, so a block there never runs".
        package var explanation: String {
            switch reason {
            case .void:
                return "<\(element)> is a void element: it has no inside, so a block cannot go in it"
            case .inside(.text) where element == "script":
                return "a browser reads the content of <script> as its code, not as markup, so a block there never runs (and its </script> would end the page's script early)"
            case .inside(.text) where element == "plaintext":
                return "a browser reads everything after <plaintext> as text, not markup, so a block there never runs"
            case .inside(.text):
                return "a browser reads the content of <\(element)> as text, not markup, so a block there never runs"
            case .inside(.template):
                return "the content of <template> is an inert fragment a browser keeps out of the page, so a block there never runs"
            case .inside(.foreign):
                return "a browser reads the content of <\(element)> as \(element == "math" ? "MathML" : "SVG"), where a <script> is not an HTML script, so a block there never runs"
            case .inside(.frameset):
                return "a browser drops a <script> inside or after a <frameset>, so a block there never runs"
            case .inside(.cutOff):
                let what = switch element {
                case "!--": "a comment"
                case "!doctype": "a doctype"
                case "![CDATA[": "a CDATA section"
                default: "the tag <\(element)"
                }
                return "the page ends inside \(what) that the end of the file cuts off, and a block added there would be read as part of it, so a block there never runs"
            }
        }
    }

    /// Sorted by lower bound, none overlapping another.
    private let ranges: [Page.InertRange]

    package init(page: Page) {
        var ranges = page.inertRanges
        for element in page.elements where !element.isImplied {
            let content = element.startTag.upperBound...max(element.startTag.upperBound, element.contentEnd)
            if element.isForeign {
                // The outermost `<svg>` or `<math>` stands for all of its content; HTML in its
                // integration points is left to it too, for a block there is no HTML script
                // in every browser's eyes.
                let parentIsForeign = element.parent.map { page.elements[$0].isForeign } ?? false
                if !parentIsForeign {
                    ranges.append(.init(offsets: content, kind: .foreign, element: element.name, elementStart: element.startTag.lowerBound))
                }
            } else if let kind = Self.kindOfContent(element.name) {
                // Nothing after a `<frameset>` is a place for a script either.
                let offsets = kind == .frameset ? element.startTag.upperBound...Int.max : content
                ranges.append(.init(offsets: offsets, kind: kind, element: element.name, elementStart: element.startTag.lowerBound))
            }
        }
        ranges.sort { $0.offsets.lowerBound < $1.offsets.lowerBound }
        // Ranges nest (a `<script>` in an SVG `<foreignObject>`): the outer one stands for both.
        var merged: [Page.InertRange] = []
        merged.reserveCapacity(ranges.count)
        for range in ranges {
            if let last = merged.last, range.offsets.lowerBound <= last.offsets.upperBound {
                if range.offsets.upperBound > last.offsets.upperBound {
                    merged[merged.count - 1].offsets = last.offsets.lowerBound...range.offsets.upperBound
                }
                continue
            }
            merged.append(range)
        }
        self.ranges = merged
    }

    /// Elements whose content a browser's tokenizer reads as text: raw text, RCDATA and
    /// plaintext, as a browser with scripting on reads them (`<noscript>` included).
    static let textElements: Set<String> = HTMLElementSets.rawText

    /// Why the content of an HTML element of this name is no place for a block, if it is not.
    /// A look at the name's length and first letter comes before any hashing: every element
    /// of a page passes here, and a set lookup for each was 1.4% of a run with a selector rule.
    static func kindOfContent(_ name: String) -> Page.InertRange.Kind? {
        let utf8 = name.utf8
        guard utf8.count >= 3 && utf8.count <= 9, let first = utf8.first else { return nil }
        switch first {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "x"), UInt8(ascii: "i"), UInt8(ascii: "n"),
             UInt8(ascii: "p"), UInt8(ascii: "f"):
            if textElements.contains(name) { return .text }
            if name == "template" { return .template }
            if name == "frameset" { return .frameset }
            return nil
        default:
            return nil
        }
    }

    /// Why a block inserted at `offset` would not run; nil when it would.
    package func inert(at offset: Int) -> Inert? {
        // The last range starting at or before the offset is the only one that can hold it.
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].offsets.lowerBound <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0, ranges[low - 1].offsets.contains(offset) else { return nil }
        let range = ranges[low - 1]
        return Inert(reason: .inside(range.kind), element: range.element, elementStart: range.elementStart)
    }

    /// Why a block at `position` relative to `element` would not run; nil when it would.
    package func inert(_ position: PixelTagConfig.Position, of element: Page.Element) -> Inert? {
        if (position == .afterbegin || position == .beforeend) && !element.isForeign && HTMLElementSets.void.contains(element.name) {
            return Inert(reason: .void, element: element.name, elementStart: element.startTag.lowerBound)
        }
        return inert(at: PlacementPlanner.position(position, of: element).0)
    }
}

extension LivePlaces {
    /// Why a selector rule can never place its block, seen from the config alone: a part of
    /// its selector can only match an element with no place for a block inside it (with
    /// `afterbegin` or `beforeend`), or only an element inside SVG or MathML. nil when some
    /// page may hold a place for it; the pages themselves are checked as they come.
    static func impossibility(of selector: SelectorList, at position: PixelTagConfig.Position) -> String? {
        for complex in selector.selectors {
            // Nothing after `<plaintext>` or `<frameset>` is a place for a block either.
            let runsToTheEnd = ["plaintext", "frameset"].contains(complex.subject.type) && position != .beforebegin
            let inside = position == .afterbegin || position == .beforeend || runsToTheEnd
            if inside, let type = complex.subject.type, let reason = reasonInside(type) {
                let inert = Inert(reason: reason, element: type, elementStart: 0)
                let advice = advice(for: reason, element: type) ?? "use afterend, or select its parent"
                let place = runsToTheEnd && position == .afterend ? "after it" : "inside it"
                return "selector \"\(selector.source)\" matches <\(type)>, and \(position.rawValue) puts the block \(place): \(inert.explanation); \(advice)"
            }
            for (combinator, compound) in complex.ancestors where combinator == .descendant || combinator == .child {
                guard let type = compound.type, type == "svg" || type == "math" else { continue }
                let inert = Inert(reason: .inside(.foreign), element: type, elementStart: 0)
                return "selector \"\(selector.source)\" matches only elements inside <\(type)>: \(inert.explanation); select an element outside the <\(type)>"
            }
        }
        return nil
    }

    /// What to do about an element that has no place for a block after it either: `<plaintext>`
    /// and `<frameset>` run to the end of the page. nil for the others.
    static func advice(for reason: Inert.Reason, element: String) -> String? {
        switch reason {
        case .inside(.frameset): "a page of frames has no place for an event; leave such pages out of the rule"
        case .inside(.text) where element == "plaintext": "use beforebegin"
        default: nil
        }
    }

    /// Why an element of this name (in HTML content) has no place inside for a block.
    private static func reasonInside(_ name: String) -> Inert.Reason? {
        if HTMLElementSets.void.contains(name) { return .void }
        if name == "svg" || name == "math" { return .inside(.foreign) }
        return kindOfContent(name).map { .inside($0) }
    }
}
