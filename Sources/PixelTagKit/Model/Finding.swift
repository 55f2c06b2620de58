/// One thing `pixeltag verify` found wrong, on a page or in the lock file.
package struct Finding: Sendable, Equatable, Encodable {
    /// The kinds are part of the JSON report's stable schema: add, never rename.
    package enum Kind: String, Sendable, Encodable, CaseIterable {
        // On a page: what `pixeltag inject` would change, or cannot fix by itself.
        case missing, stale, unmarked, misplaced, duplicate, extra
        /// A block a browser would not run where it is (inside a `<textarea>`, a
        /// `<template>`…), or an event on a page where nothing defines `tgp`.
        case inert
        /// A block the page's Content-Security-Policy (its `<meta>`, or the headers file of
        /// `csp.headers`) would stop: its inline script's hash, or the loader's host, is not allowed.
        case blocked
        // In the lock file, with --online: the account no longer matches it. (`deactivated`
        // also warns, offline, of a rule or annotation naming an event inactive in the lock.)
        case deleted, deactivated, renamed, changed
        // A rule or glob of the config that placed nothing, or an annotation pixeltag could not
        // read: a warning, or with --strict a finding.
        case unused

        /// The order of importance, for reports that can show only a few (GitHub shows ten
        /// annotations a step): lock drift first, since one of those explains many page
        /// findings, then what loses or doubles tracking.
        var rank: Int {
            switch self {
            case .deleted: 0
            case .deactivated: 1
            case .changed: 2
            case .unmarked: 3
            case .inert: 4
            case .blocked: 5
            case .missing: 6
            case .stale: 7
            case .misplaced: 8
            case .duplicate: 9
            case .extra: 10
            case .renamed: 11
            case .unused: 12
            }
        }
    }

    /// What a finding is about. Part of the JSON schema too: add, never rename.
    package enum Subject: String, Sendable, Encodable {
        case base, event
        /// The page's listener that fires events on clicks and submits.
        case triggers
        /// The runtime that runs a page's blocks on each page view of a client-side router.
        case navigation
        /// A pixeltag block whose label pixeltag cannot read.
        case unknown
        /// The lock file as a whole (lock findings only).
        case lock
        /// A glob of the config (`pages.include`, `pages.exclude`, `base.exclude`).
        case config
    }

    package var kind: Kind
    package var subject: Subject
    /// The event's id; nil unless the subject is an event.
    package var event: String?
    /// 1-based line in the page (or in the config for a lock finding); nil when there is none.
    package var line: Int?
    /// One line: what is wrong and what to do about it.
    package var message: String
    /// The file `line` is in, for lock findings (the config's rule, or the lock itself); nil
    /// for page findings, whose file is their page.
    package var file: String?

    /// - Parameter subject: defaults to `event` for a finding with an event id, else `base`.
    package init(kind: Kind, subject: Subject? = nil, event: String?, line: Int?, message: String, file: String? = nil) {
        self.kind = kind
        self.subject = subject ?? (event == nil ? .base : .event)
        self.event = event
        self.line = line
        self.message = message
        self.file = file
    }

    enum CodingKeys: String, CodingKey { case kind, subject, event, file, line, message }

    /// `event` and `line` are written as null rather than left out, so every finding of a
    /// section has the same keys; `file` only in lock findings.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(subject, forKey: .subject)
        try c.encode(event, forKey: .event)
        try c.encodeIfPresent(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(message, forKey: .message)
    }
}

extension Block.Kind {
    /// The event id a finding names; nil for the base code and the listener.
    var eventID: String? {
        if case .event(let id) = self { return id }
        return nil
    }

    var subject: Finding.Subject {
        switch self {
        case .base: .base
        case .event: .event
        case .triggers: .triggers
        case .navigation: .navigation
        }
    }

    /// "the base code" or "event evt_1", for messages.
    var phrase: String {
        switch self {
        case .base: "the base code"
        case .event(let id): "event \(Quote.id(id))"
        case .triggers(let consent): "the click and submit listener" + (consent.map { " for consent \(Quote.text($0))" } ?? "")
        case .navigation: "the client-side navigation runtime"
        }
    }
}
