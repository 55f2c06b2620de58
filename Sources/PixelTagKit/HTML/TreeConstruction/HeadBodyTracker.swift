/// Follows the WHATWG tree builder's modes from "before head" to "in body" over the tokens
/// that are really in the source, to learn where a browser's `<head>` and `<body>` begin and
/// end, even when the page has no such tags at all.
///
/// libxml2 parses as HTML 4 and implies these elements by other rules, so its tree is not
/// trusted here: a script inserted at `headEnd` must land in the `<head>` a browser builds.
struct HeadBodyTracker {
    enum Mode { case beforeHead, inHead, afterHead, inBody, afterBody }

    private(set) var mode = Mode.beforeHead
    private(set) var anchors = Page.Anchors()
    /// Set while inside `<template>`, whose content a browser keeps apart: tags in it do not
    /// end the head. (The text of `<title>`, `<noscript>` and the like holds no tags: the
    /// tokenizer reads it as text.)
    private var textUntilEndOf: String?
    private var templateDepth = 0
    /// The `<template>` in the head the tracker is inside: its start tag, and where its
    /// content begins.
    private(set) var openTemplate: (tag: Int, content: Int)?

    /// Elements a browser keeps in the head ("in head" insertion mode).
    private static let headElements: Set<String> = [
        "base", "basefont", "bgsound", "link", "meta", "style", "script", "title", "noscript", "noframes", "template",
    ]

    var hasResolvedHead: Bool { anchors.headEnd != nil }

    mutating func startTag(_ name: String, range: Range<Int>) {
        if let waiting = textUntilEndOf {
            if waiting == "template" && name == "template" { templateDepth += 1 }
            return
        }
        switch mode {
        case .beforeHead:
            if name == "html" { return }
            if name == "head" {
                anchors.headStart = .init(offset: range.upperBound, isExplicit: true)
                mode = .inHead
                return
            }
            anchors.headStart = .init(offset: range.lowerBound, isExplicit: false)
            mode = .inHead
            startTag(name, range: range)
        case .inHead:
            if Self.headElements.contains(name) {
                if name == "template" {
                    textUntilEndOf = name
                    templateDepth = 1
                    openTemplate = (range.lowerBound, range.upperBound)
                }
                return
            }
            if name == "head" || name == "html" { return }
            closeHead(at: range.lowerBound, explicit: false)
            startTag(name, range: range)
        case .afterHead:
            if name == "body" {
                anchors.bodyStart = .init(offset: range.upperBound, isExplicit: true)
                mode = .inBody
            } else if name == "frameset" {
                mode = .afterBody
            } else if !Self.headElements.contains(name) && name != "html" && name != "head" {
                anchors.bodyStart = .init(offset: range.lowerBound, isExplicit: false)
                mode = .inBody
            }
        case .inBody, .afterBody:
            return
        }
    }

    mutating func endTag(_ name: String, range: Range<Int>) {
        if let waiting = textUntilEndOf {
            guard name == waiting else { return }
            if name == "template" {
                templateDepth -= 1
                if templateDepth > 0 { return }
            }
            textUntilEndOf = nil
            openTemplate = nil
            return
        }
        switch mode {
        case .beforeHead:
            // Only these end tags imply a head; a browser ignores any other here.
            guard ["head", "body", "html", "br"].contains(name) else { return }
            anchors.headStart = .init(offset: range.lowerBound, isExplicit: false)
            mode = .inHead
            endTag(name, range: range)
        case .inHead:
            if name == "head" {
                closeHead(at: range.lowerBound, explicit: true)
            } else if ["body", "html", "br"].contains(name) {
                closeHead(at: range.lowerBound, explicit: false)
                endTag(name, range: range)
            }
        case .afterHead:
            if ["body", "html", "br"].contains(name) {
                anchors.bodyStart = .init(offset: range.lowerBound, isExplicit: false)
                mode = .inBody
                endTag(name, range: range)
            }
        case .inBody:
            if name == "body" || name == "html" {
                anchors.bodyEnd = .init(offset: range.lowerBound, isExplicit: true)
                mode = .afterBody
            }
        case .afterBody:
            return
        }
    }

    /// Text that is not only whitespace, starting at `offset`.
    mutating func text(at offset: Int) {
        guard textUntilEndOf == nil else { return }
        switch mode {
        case .beforeHead:
            anchors.headStart = .init(offset: offset, isExplicit: false)
            closeHead(at: offset, explicit: false)
            anchors.bodyStart = .init(offset: offset, isExplicit: false)
            mode = .inBody
        case .inHead:
            closeHead(at: offset, explicit: false)
            anchors.bodyStart = .init(offset: offset, isExplicit: false)
            mode = .inBody
        case .afterHead:
            anchors.bodyStart = .init(offset: offset, isExplicit: false)
            mode = .inBody
        case .inBody, .afterBody:
            return
        }
    }

    /// The end of the input: whatever is still open ends here.
    mutating func finish(at offset: Int) {
        if anchors.headStart == nil { anchors.headStart = .init(offset: offset, isExplicit: false) }
        if anchors.headEnd == nil { anchors.headEnd = .init(offset: offset, isExplicit: false) }
        if anchors.bodyStart == nil { anchors.bodyStart = .init(offset: offset, isExplicit: false) }
        if anchors.bodyEnd == nil { anchors.bodyEnd = .init(offset: offset, isExplicit: false) }
    }

    private mutating func closeHead(at offset: Int, explicit: Bool) {
        anchors.headEnd = .init(offset: offset, isExplicit: explicit)
        mode = .afterHead
    }
}
