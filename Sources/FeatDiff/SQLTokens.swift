/// SQL read as tokens, so layout, keyword case and comments make no difference while
/// identifiers and string literals keep theirs.
enum SQLTokens {
    /// Fields holding SQL: the query, a row filter, a value expression.
    static let fields: Set<String> = ["source.sql", "source.filter", "source.expression"]

    /// Same tokens: equal in meaning.
    static func equivalent(_ a: String, _ b: String) -> Bool { tokens(a) == tokens(b) }

    /// Where two texts first differ, with the token before for context: `= 'Y'` → `= 'N'` in code spans.
    static func firstDifference(_ a: String, _ b: String) -> String? {
        let x = tokens(a)
        let y = tokens(b)
        var i = 0
        while i < x.count, i < y.count, x[i] == y[i] { i += 1 }
        if i == x.count, i == y.count { return nil }
        func around(_ t: [String]) -> String {
            let from = max(0, i - 1)
            let to = min(i + 1, t.count)
            // Cut: a token may be a long literal, and a message stays one readable line.
            return from < to ? Wording.show(t[from..<to].joined(separator: " "), limit: 40) : "(nothing)"
        }
        return "`\(around(x))` → `\(around(y))`"
    }

    /// The significant tokens: keywords and builtin functions upper-cased, comments and
    /// whitespace dropped, a final `;` dropped.
    static func tokens(_ sql: String) -> [String] {
        let s = Array(sql.unicodeScalars)
        var out: [String] = []
        var i = 0
        func text(_ from: Int, _ to: Int) -> String {
            var t = String.UnicodeScalarView()
            t.append(contentsOf: s[from..<min(to, s.count)])
            return String(t)
        }
        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            if c.properties.isWhitespace {
                i += 1
            } else if c == "-", next == "-" {
                while i < s.count, s[i] != "\n" { i += 1 }
            } else if c == "/", next == "*" {
                i += 2
                while i < s.count, !(s[i] == "*" && i + 1 < s.count && s[i + 1] == "/") { i += 1 }
                i += 2
            } else if c == "'" || c == "\"" || c == "`" {
                // A quoted literal or identifier, with doubled quotes as escapes: kept exactly.
                let start = i
                i += 1
                while i < s.count {
                    if s[i] == c {
                        if i + 1 < s.count, s[i + 1] == c { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
                out.append(text(start, i))
            } else if isWordStart(c) {
                let start = i
                while i < s.count, isWordPart(s[i]) { i += 1 }
                let word = text(start, i)
                out.append(keywords.contains(word.uppercased()) ? word.uppercased() : word)
            } else if ("0"..."9").contains(c) {
                let start = i
                while i < s.count, ("0"..."9").contains(s[i]) || s[i] == "." || s[i] == "e" || s[i] == "E" { i += 1 }
                out.append(text(start, i))
            } else {
                let three = text(i, i + 3)
                let two = text(i, i + 2)
                if operators.contains(three) {
                    out.append(three)
                    i += 3
                } else if operators.contains(two) {
                    out.append(two)
                    i += 2
                } else {
                    out.append(String(c))
                    i += 1
                }
            }
        }
        if out.last == ";" { out.removeLast() }
        return out
    }

    static func isWordStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    static func isWordPart(_ c: Unicode.Scalar) -> Bool {
        isWordStart(c) || ("0"..."9").contains(c) || c == "$"
    }

    static let operators: Set<String> = ["->>", "<=", ">=", "<>", "!=", "||", "::", "->", "=>", "**"]

    /// Words SQL reads the same in any case: keywords and common builtin functions.
    static let keywords: Set<String> = [
        "ALL", "AND", "ANY", "ARRAY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CROSS", "CURRENT",
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATE", "DAY", "DESC", "DISTINCT", "ELSE", "END",
        "ESCAPE", "EXCEPT", "EXISTS", "EXTRACT", "FALSE", "FILTER", "FIRST", "FOLLOWING", "FOR", "FROM", "FULL",
        "GROUP", "HAVING", "HOUR", "ILIKE", "IN", "INNER", "INTERSECT", "INTERVAL", "IS", "JOIN", "LAST",
        "LATERAL", "LEFT", "LIKE", "LIMIT", "MINUTE", "MONTH", "NATURAL", "NOT", "NULL", "NULLS", "OFFSET", "ON",
        "OR", "ORDER", "OUTER", "OVER", "PARTITION", "PRECEDING", "QUALIFY", "RANGE", "RIGHT", "ROW", "ROWS",
        "SECOND", "SELECT", "SOME", "THEN", "TIMESTAMP", "TRUE", "UNBOUNDED", "UNION", "UNNEST", "USING",
        "VALUES", "WEEK", "WHEN", "WHERE", "WINDOW", "WITH", "YEAR",
        "ABS", "APPROX_COUNT_DISTINCT", "AVG", "CEIL", "CEILING", "COALESCE", "CONCAT", "COUNT", "DATE_ADD",
        "DATE_DIFF", "DATE_SUB", "DATE_TRUNC", "DATEADD", "DATEDIFF", "FLOOR", "GREATEST", "IF", "IFNULL",
        "LAG", "LEAD", "LEAST", "LENGTH", "LN", "LOG", "LOWER", "LTRIM", "MAX", "MIN", "NULLIF", "NVL", "POWER",
        "RANK", "ROUND", "ROW_NUMBER", "RTRIM", "SQRT", "STDDEV", "SUBSTR", "SUBSTRING", "SUM", "TRIM", "UPPER",
        "VARIANCE",
    ]
}
