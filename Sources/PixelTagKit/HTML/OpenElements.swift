/// The stack of open elements, which also counts them by name: "is there a `<p>` in
/// scope?" is asked before nearly every tag, and on a page nested 100,000 deep a walk down
/// the stack for each would take minutes; a count of zero answers at once.
struct OpenElements: RandomAccessCollection {
    private(set) var items: [Int] = []
    private var names: [String] = []
    private var counts: [String: Int] = [:]

    var startIndex: Int { 0 }
    var endIndex: Int { items.count }

    subscript(position: Int) -> Int {
        get { items[position] }
        // Only ever swaps in a clone, which has the same name.
        set { items[position] = newValue }
    }

    func hasOpen(named name: String) -> Bool { (counts[name] ?? 0) > 0 }

    mutating func append(_ index: Int, name: String) {
        items.append(index)
        names.append(name)
        counts[name, default: 0] += 1
    }

    mutating func insert(_ index: Int, name: String, at position: Int) {
        items.insert(index, at: position)
        names.insert(name, at: position)
        counts[name, default: 0] += 1
    }

    @discardableResult
    mutating func remove(at position: Int) -> Int {
        counts[names[position], default: 1] -= 1
        names.remove(at: position)
        return items.remove(at: position)
    }

    mutating func popLast() -> Int? {
        guard !items.isEmpty else { return nil }
        return remove(at: items.count - 1)
    }

    mutating func removeLast() {
        _ = popLast()
    }
}
