import Foundation

/// Which elements an `on: submit` trigger can name. A browser fires `submit` at a `<form>`
/// (it reaches the elements around the form too), and names the button that sent it as the
/// event's `submitter`; the listener looks at both. Any other element never sees a submit,
/// so a trigger that names only such elements would stay silent: the page fails instead.
enum SubmitTarget {
    /// Whether a submit can land on `index` or inside it, or be sent by it or from inside it.
    static func canFire(_ index: Int, in page: Page) -> Bool {
        if isFormOrSubmitter(index, in: page) { return true }
        var stack = page.elements[index].firstChild.map { [$0] } ?? []
        while let next = stack.popLast() {
            if isFormOrSubmitter(next, in: page) { return true }
            let element = page.elements[next]
            if let sibling = element.nextSibling { stack.append(sibling) }
            if let child = element.firstChild { stack.append(child) }
        }
        return false
    }

    private static func isFormOrSubmitter(_ index: Int, in page: Page) -> Bool {
        let element = page.elements[index]
        if element.name == "form" { return true }
        guard isSubmitButton(element) else { return false }
        // A button sends a submit only for the form that owns it: one around it, or the one
        // its `form` attribute names.
        if element.attribute("form").map({ !$0.isEmpty }) == true { return true }
        var parent = element.parent
        while let current = parent {
            if page.elements[current].name == "form" { return true }
            parent = page.elements[current].parent
        }
        return false
    }

    /// A `<button>` is a submit button unless its type says button or reset (a missing or
    /// unknown type means submit); an `<input>` is one when its type is submit or image.
    private static func isSubmitButton(_ element: Page.Element) -> Bool {
        let type = element.attribute("type")?.trimmingCharacters(in: .whitespaces).lowercased()
        switch element.name {
        case "button": return type != "button" && type != "reset"
        case "input": return type == "submit" || type == "image"
        default: return false
        }
    }

    /// `<input id="email">`, for messages: the tag and what best tells it apart.
    static func describe(_ element: Page.Element) -> String {
        for name in ["id", "type"] {
            if let value = element.attribute(name) { return "<\(element.name) \(name)=\"\(value)\">" }
        }
        return "<\(element.name)>"
    }
}
