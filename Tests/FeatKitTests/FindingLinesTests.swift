import Testing

@testable import FeatKit

/// Where a line of the merge judged in memory is in the pull request's own file (SPEC §5).
@Suite("A finding's line, moved from the judged merge to the head's file")
struct FindingLinesTests {
    static let base = "feature: a\nstage: production\naggregation: {function: count, window: 7d}\n"
    static let head = "feature: a\nstage: production\naggregation: {function: count, window: 30d}\n"
    static let judged = "# one\n# two\nfeature: a\nstage: production\naggregation: {function: count, window: 30d}\n"

    func lines(judged: String?, head: String?, base: String?) -> FindingLines {
        FindingLines(
            judged: judged.map { Array($0.utf8) }, head: head.map { Array($0.utf8) }, base: base.map { Array($0.utf8) })
    }

    @Test("a field is found again by its dotted path in the head's file")
    func byField() {
        let l = lines(judged: Self.judged, head: Self.head, base: "# one\n# two\n" + Self.base)
        #expect(l.place(5, fields: ["aggregation.window"]) == (3, false))
        #expect(l.place(4, fields: []) == (2, false))
    }

    @Test("a value that came from the base side is at the base tip's line")
    func fromTheBase() {
        let base = "feature: a\nowner: ml@example.com\nstage: production\n"
        let head = "feature: a\nowner: risk@example.com\nstage: shadow\n"
        let judged = "feature: a\nowner: ml@example.com\nstage: shadow\n"
        let l = lines(judged: judged, head: head, base: base)
        #expect(l.place(3, fields: []) == (3, false))
        // `owner` is in the head too, but the judged value is the base tip's.
        #expect(l.place(2, fields: ["owner"]) == (2, true))
        #expect(lines(judged: judged, head: nil, base: base).place(3, fields: []) == (3, true))
    }

    @Test("a line that is no field (a comment, a file that does not parse) follows a line diff")
    func byText() {
        let judged = "# base\nfeature: [a\n"
        let head = "feature: [a\n"
        let l = lines(judged: judged, head: head, base: "# base\nfeature: a\n")
        #expect(l.place(2, fields: []) == (1, false))
        #expect(l.place(1, fields: []) == (1, true))
        #expect(lines(judged: judged, head: head, base: nil).place(1, fields: []) == (nil, false))
    }

    @Test("the same bytes in the head: the line stays")
    func unchanged() {
        #expect(lines(judged: Self.head, head: Self.head, base: Self.base).place(3, fields: []) == (3, false))
    }
}
