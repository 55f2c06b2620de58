/// `--shard i/n`: one of n deterministic parts of a site, so a big site spreads over a CI
/// matrix. A page's part depends on its path alone (a stable hash), so adding a page never
/// moves the others to another runner.
package struct Shard: Sendable, Equatable {
    /// 1-based.
    package var index: Int
    package var count: Int

    /// Reads `i/n`, e.g. `2/4`.
    package init(parsing text: String) throws {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
            throw PixelTagError.input("--shard \(text): expected i/n with 1 ≤ i ≤ n, e.g. --shard 2/4")
        }
        self.index = index
        self.count = count
    }

    package func contains(_ path: String) -> Bool {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(count)) == index - 1
    }
}
