import Testing
@testable import PixelTagKit

/// What inject, strip, verify and explain say of a page they leave as it is: each problem's
/// words, which the command line and every report print.
@Suite struct PageProblemTests {
    static let messages: [(PageProblem, String)] = [
        (.empty, "empty file"),
        (.binary, "not HTML (binary content)"),
        (.unterminatedMarker(line: 3), "line 3: a pixeltag:begin marker without its end; remove the broken block by hand"),
        (.interleavedBlocks(line: 1), "line 1: pixeltag blocks are cut into each other; remove them by hand"),
        (.tooLarge(bytes: 300 << 20), "300 MB is larger than the 256 MB pixeltag handles; left untouched (list it in pages.exclude if it is not a page)"),
        (.unsupportedCharset("iso-2022-kr"), "declares charset \"iso-2022-kr\", \(PageEncoding.whyRefused("iso-2022-kr")); left untouched (save it as UTF-8, or list it in pages.exclude)"),
        (.unplaceable(line: 5, column: 3, reason: "the annotation is inside <template>"), "line 5:3: the annotation is inside <template>"),
        (.unplaceable(line: 2, column: nil, reason: "\"Purchase\" is the title of more than one event"), "line 2: \"Purchase\" is the title of more than one event"),
        (.unplaceable(line: nil, column: nil, reason: "pixeltag.yml:4: the rule would put its event first"), "pixeltag.yml:4: the rule would put its event first"),
        (.unencodable(.event(id: "evt_purchase"), encoding: "windows-1252"), "the event=evt_purchase snippet has characters the page's windows-1252 cannot hold; left untouched"),
        (.strict([Finding(kind: .unmarked, event: nil, line: 4, message: "pasted by hand"), Finding(kind: .unmarked, event: nil, line: 9, message: "names an inactive event")]),
         "strict: line 4: pasted by hand; line 9: names an inactive event; left untouched"),
    ]

    @Test(arguments: messages)
    func eachProblemSaysWhatIsWrongAndWhatToDo(problem: PageProblem, message: String) {
        #expect(problem.description == message)
    }
}
