/// Why a run leaves a page as it is: not a page at all (skipped), or a page it cannot change
/// safely (failed). Code and tests tell the cases apart; `description` is what every report
/// and the command line say, and ends with what to do.
package enum PageProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Skipped: the file is empty.
    case empty
    /// Skipped: the file holds binary content.
    case binary
    /// A `pixeltag:begin` marker with no end after it, on this line of the page.
    case unterminatedMarker(line: Int)
    /// Blocks cut into each other (hand edits, merges), from this line: taking them out would
    /// join the pieces into a new marker.
    case interleavedBlocks(line: Int)
    /// The page without its blocks is larger than pixeltag handles.
    case tooLarge(bytes: Int)
    /// The page declares a charset pixeltag cannot write back (its label as written).
    case unsupportedCharset(String)
    /// A block has no place where a browser would run it: the rule's or the annotation's
    /// reason, at its place in the page when it is in the page (the column when an element's
    /// line may hold several).
    case unplaceable(line: Int?, column: Int?, reason: String)
    /// The snippet of this block has characters the page's encoding (named) cannot hold.
    case unencodable(Block.Kind, encoding: String)
    /// With --strict, the page's warnings refuse it.
    case strict([Finding])

    package var description: String {
        switch self {
        case .empty: return "empty file"
        case .binary: return "not HTML (binary content)"
        case .unterminatedMarker(let line): return "line \(line): a pixeltag:begin marker without its end; remove the broken block by hand"
        case .interleavedBlocks(let line): return "line \(line): pixeltag blocks are cut into each other; remove them by hand"
        case .tooLarge(let bytes): return PageLimits.tooLarge(bytes)
        case .unsupportedCharset(let label):
            return "declares charset \"\(label)\", \(PageEncoding.whyRefused(label)); left untouched (save it as UTF-8, or list it in pages.exclude)"
        case .unplaceable(let line, let column, let reason):
            guard let line else { return reason }
            return "line \(line)\(column.map { ":\($0)" } ?? ""): \(reason)"
        case .unencodable(let kind, let encoding):
            return "the \(kind.label) snippet has characters the page's \(encoding) cannot hold; left untouched"
        case .strict(let warnings):
            return "strict: \(warnings.map { "line \($0.line ?? 0): \($0.message)" }.joined(separator: "; ")); left untouched"
        }
    }
}
