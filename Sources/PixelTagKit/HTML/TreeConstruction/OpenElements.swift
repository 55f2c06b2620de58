/// The stack of open elements, which also counts them by name: "is there a `<p>` in
/// scope?" is asked before nearly every tag, and on a page nested 100,000 deep a walk down
/// the stack for each would take minutes; a count of zero answers at once.
struct OpenElements: RandomAccessCollection {
    private(set) var items: [Int] = []
    private var ids: [Int] = []
    /// Open elements per known tag number; 0 counts every other name.
    private var counts = [Int32](repeating: 0, count: TagInfo.count)

    var startIndex: Int { 0 }
    var endIndex: Int { items.count }

    subscript(position: Int) -> Int {
        get { items[position] }
        // Only ever swaps in a clone, which has the same name.
        set { items[position] = newValue }
    }

    /// False only when no element of that tag is open (an unknown tag always may be).
    func mayHaveOpen(_ tag: TagInfo) -> Bool { tag.id == 0 || counts[tag.id] > 0 }

    mutating func append(_ index: Int, tag: TagInfo) {
        items.append(index)
        ids.append(tag.id)
        counts[tag.id] += 1
    }

    mutating func insert(_ index: Int, tag: TagInfo, at position: Int) {
        items.insert(index, at: position)
        ids.insert(tag.id, at: position)
        counts[tag.id] += 1
    }

    @discardableResult
    mutating func remove(at position: Int) -> Int {
        counts[ids[position]] -= 1
        ids.remove(at: position)
        return items.remove(at: position)
    }

    mutating func popLast() -> Int? {
        guard !items.isEmpty else { return nil }
        return remove(at: items.count - 1)
    }

    mutating func removeLast() {
        _ = popLast()
    }

    // Walks over the stack (several per tag) go over `items` alone: the default iterator
    // would hold a copy of the whole struct, retaining and releasing its three arrays.
    func makeIterator() -> IndexingIterator<[Int]> { items.makeIterator() }

    func reversed() -> ReversedCollection<[Int]> { items.reversed() }
}
