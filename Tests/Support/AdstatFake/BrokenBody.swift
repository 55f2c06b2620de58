import FlyingSocks

/// A response body that fails when read, so FlyingFox closes the connection after the
/// headers: the client sees a connection dropped mid-answer.
struct BrokenBody: AsyncBufferedSequence {
    typealias Element = UInt8

    struct Broken: Error {}

    struct AsyncIterator: AsyncBufferedIteratorProtocol {
        mutating func next() async throws -> UInt8? { throw Broken() }
        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? { throw Broken() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}
