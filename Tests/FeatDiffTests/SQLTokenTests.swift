import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// A pair of SQL texts and whether they mean the same.
struct SQLCase: Sendable, CustomTestStringConvertible {
    var label: String
    var a: String
    var b: String
    var same: Bool

    var testDescription: String { label }
}

@Suite("SQL compared as tokens")
struct SQLTokenTests {
    static let cases: [SQLCase] = [
        SQLCase(
            label: "keyword case", a: "SELECT a FROM t WHERE x IS NOT NULL", b: "select a from t where x is not null",
            same: true),
        SQLCase(
            label: "whitespace and line breaks", a: "SELECT a, b FROM t", b: "SELECT a ,\n\tb\nFROM   t", same: true),
        SQLCase(
            label: "line comments", a: "SELECT a FROM t", b: "SELECT a -- the amount\nFROM t -- payments", same: true),
        SQLCase(
            label: "block comments", a: "SELECT a FROM t", b: "SELECT /* keep */ a FROM /* multi\nline */ t", same: true
        ),
        SQLCase(
            label: "builtin function case", a: "SELECT COUNT(*), sum(x) FROM t", b: "select count(*), SUM(x) from t",
            same: true),
        SQLCase(label: "operators without spaces", a: "a >= 1 AND b <> 2", b: "a>=1 and b<>2", same: true),
        SQLCase(label: "final semicolon", a: "SELECT 1", b: "SELECT 1;", same: true),
        SQLCase(label: "string literal case is kept", a: "status = 'Settled'", b: "status = 'settled'", same: false),
        SQLCase(label: "string literal spaces are kept", a: "status = 'a b'", b: "status = 'a  b'", same: false),
        SQLCase(label: "comment markers inside a literal are text", a: "x = '--'", b: "x = ''", same: false),
        SQLCase(label: "escaped quote inside a literal", a: "x = 'it''s' AND y", b: "x = 'it''s' and y", same: true),
        SQLCase(
            label: "quoted identifier case is kept", a: "SELECT \"Amount\" FROM t", b: "SELECT \"amount\" FROM t",
            same: false),
        SQLCase(label: "identifier case is kept", a: "SELECT Amount FROM t", b: "SELECT amount FROM t", same: false),
        SQLCase(label: "a changed number", a: "amount > 0", b: "amount > 10", same: false),
        SQLCase(label: "a changed operator", a: "amount > 0", b: "amount >= 0", same: false),
        SQLCase(label: "an added condition", a: "a = 1", b: "a = 1 AND b = 2", same: false),
    ]

    @Test("equal token streams", arguments: cases)
    func equivalence(_ c: SQLCase) {
        #expect(SQLTokens.equivalent(c.a, c.b) == c.same, "\(SQLTokens.tokens(c.a)) vs \(SQLTokens.tokens(c.b))")
    }

    @Test("tokens drop layout and comments, keep literals")
    func tokens() {
        #expect(
            SQLTokens.tokens("select a->>'k' /* c */ from t -- x\n where b::int <= 2;") == [
                "SELECT", "a", "->>", "'k'", "FROM", "t", "WHERE", "b", "::", "int", "<=", "2",
            ])
    }

    @Test("unterminated literals and comments do not crash")
    func unterminated() {
        #expect(SQLTokens.tokens("SELECT 'abc") == ["SELECT", "'abc"])
        #expect(SQLTokens.tokens("SELECT /* abc") == ["SELECT"])
        #expect(SQLTokens.tokens("SELECT \"a") == ["SELECT", "\"a"])
        #expect(SQLTokens.tokens("") == [])
    }

    @Test("the message points at the first differing token")
    func firstDifference() {
        #expect(
            SQLTokens.firstDifference("status = 'settled'", "status = 'pending'") == "`= 'settled'` → `= 'pending'`")
        #expect(SQLTokens.firstDifference("a = 1", "a = 1 AND b") == "`1` → `1 AND`")
        #expect(SQLTokens.firstDifference("a = 1", "a  =  1") == nil)
    }

    @Test("a source.filter rewritten in another layout is no change; a different literal is meaning")
    func filterField() throws {
        let base = Fixture.yaml(.scalar).replacingOccurrences(
            of: "  table: payments.transactions\n",
            with: "  table: payments.transactions\n  filter: status = 'settled' AND amount > 0\n")
        let same = base.replacingOccurrences(
            of: "filter: status = 'settled' AND amount > 0",
            with: "filter: |\n    status='settled'  -- settled only\n    and amount > 0")
        #expect(try Fixture.diff(base, same).isEmpty)
        let other = base.replacingOccurrences(of: "'settled'", with: "'SETTLED'")
        let change = try #require(try Fixture.diff(base, other).features.first?.changes.first)
        #expect(change.field == "source.filter")
        #expect(change.impact == .meaning)
        #expect(change.message.contains("'settled'` → `= 'SETTLED'`"))
    }

    @Test("a source.expression compared the same way")
    func expressionField() throws {
        let base = Fixture.yaml(.scalar).replacingOccurrences(
            of: "  table: payments.transactions\n",
            with: "  table: payments.transactions\n  expression: COALESCE(amount, 0) / 100\n")
        #expect(
            try Fixture.diff(
                base, base.replacingOccurrences(of: "COALESCE(amount, 0) / 100", with: "coalesce( amount,0 )/100")
            ).isEmpty)
        let change = try #require(
            try Fixture.diff(base, base.replacingOccurrences(of: "/ 100", with: "/ 1000")).features.first?.changes.first
        )
        #expect(change.field == "source.expression")
        #expect(change.impact == .meaning)
    }
}
