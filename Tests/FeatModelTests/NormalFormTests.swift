import FeatModel
import Testing

/// The normal form is what a feature means: two files that say the same thing in
/// different YAML have equal definitions, so the diff sees no change (SPEC §4).
@Suite("The normal form of a definition")
struct NormalFormTests {
    static let original = """
        feature: user_txn_count_7d
        version: 1
        stage: candidate
        kind: aggregation
        owner: risk-team@example.com
        hypothesis: Spending velocity predicts card fraud.
        entity: [user_id]
        type: int64
        source:
          table: payments.transactions
        aggregation:
          function: count
          column: txn_id
          window: 7d
        tags: [payments, velocity]
        evidence:
          - {date: 2026-10-02, metric: auc_lift, value: 0.004}

        """

    static let rewritten: [(String, String)] = [
        (
            "keys reordered",
            """
            kind: aggregation
            aggregation:
              window: 7d
              column: txn_id
              function: count
            stage: candidate
            evidence:
              - {value: 0.004, metric: auc_lift, date: 2026-10-02}
            feature: user_txn_count_7d
            type: int64
            tags: [payments, velocity]
            hypothesis: Spending velocity predicts card fraud.
            source:
              table: payments.transactions
            owner: risk-team@example.com
            entity: [user_id]
            version: 1

            """
        ),
        (
            "re-quoted",
            """
            feature: 'user_txn_count_7d'
            version: 1
            stage: "candidate"
            kind: 'aggregation'
            owner: "risk-team@example.com"
            hypothesis: 'Spending velocity predicts card fraud.'
            entity: ["user_id"]
            type: "int64"
            source:
              table: 'payments.transactions'
            aggregation:
              function: "count"
              column: 'txn_id'
              window: "7d"
            tags: ['payments', "velocity"]
            evidence:
              - {date: "2026-10-02", metric: 'auc_lift', value: 0.004}

            """
        ),
        (
            "re-commented, with blank lines and CRLF",
            "# The velocity feature.\r\nfeature: user_txn_count_7d   # name\r\nversion: 1\r\n\r\nstage: candidate\r\n"
                + "kind: aggregation # kind\r\nowner: risk-team@example.com\r\n"
                + "hypothesis: Spending velocity predicts card fraud.\r\n# join keys\r\nentity: [user_id]\r\n"
                + "type: int64\r\nsource:\r\n  # the table\r\n  table: payments.transactions\r\n"
                + "aggregation:\r\n  function: count\r\n  column: txn_id\r\n  window: 7d # a week\r\n"
                + "tags: [payments, velocity]\r\nevidence:\r\n  - {date: 2026-10-02, metric: auc_lift, value: 0.004}\r\n"
        ),
        (
            "flow style instead of block style, and the other way round",
            """
            {feature: user_txn_count_7d, version: 1, stage: candidate, kind: aggregation,
             owner: risk-team@example.com, hypothesis: Spending velocity predicts card fraud.,
             entity: [user_id], type: int64, source: {table: payments.transactions},
             aggregation: {function: count, column: txn_id, window: 7d},
             tags: [payments, velocity],
             evidence: [{date: 2026-10-02, metric: auc_lift, value: 0.004}]}

            """
        ),
        (
            "block lists instead of flow lists",
            """
            feature: user_txn_count_7d
            version: 1
            stage: candidate
            kind: aggregation
            owner: risk-team@example.com
            hypothesis: Spending velocity predicts card fraud.
            entity:
              - user_id
            type: int64
            source: {table: payments.transactions}
            aggregation: {function: count, column: txn_id, window: 7d}
            tags:
              - payments
              - velocity
            evidence:
              - date: 2026-10-02
                metric: auc_lift
                value: 0.004

            """
        ),
        (
            "an entity as a single string, the version left to its default, the window in hours",
            """
            feature: user_txn_count_7d
            stage: candidate
            kind: aggregation
            owner: risk-team@example.com
            hypothesis: Spending velocity predicts card fraud.
            entity: user_id
            type: int64
            source: {table: payments.transactions}
            aggregation: {function: count, column: txn_id, window: 168h}
            tags: [payments, velocity]
            evidence: [{date: 2026-10-02, metric: auc_lift, value: 0.004}]

            """
        ),
        (
            "an empty version is the default one",
            """
            feature: user_txn_count_7d
            version:
            stage: candidate
            kind: aggregation
            owner: risk-team@example.com
            hypothesis: Spending velocity predicts card fraud.
            entity: user_id
            type: int64
            source: {table: payments.transactions}
            aggregation: {function: count, column: txn_id, window: 1w}
            tags: [payments, velocity]
            evidence: [{date: 2026-10-02, metric: auc_lift, value: 0.004}]

            """
        ),
    ]

    @Test("the same meaning written differently is the same definition", arguments: rewritten)
    func sameDefinition(how: String, text: String) throws {
        let original = try #require(parse(Self.original).feature)
        let parsed = parse(text)
        #expect(parsed.problems == [])
        let rewritten = try #require(parsed.feature)
        #expect(rewritten.definition == original.definition)
        #expect(rewritten == original)
        #expect(rewritten.identity == original.identity)
    }

    @Test("a different window is a different definition")
    func differentWindow() throws {
        let original = try #require(parse(Self.original).feature)
        let changed = try #require(parse(Self.original.replacing("window: 7d", with: "window: 30d")).feature)
        #expect(changed.definition != original.definition)
    }

    @Test("a quoted number in free fields stays text; a plain one is a number")
    func quotingMattersInFreeFields() throws {
        let plain = try #require(parse("feature: f\nstage: explore\nx-n: 5\n").feature)
        let quoted = try #require(parse("feature: f\nstage: explore\nx-n: '5'\n").feature)
        #expect(plain.definition[path: "x-n"] == .int(5))
        #expect(quoted.definition[path: "x-n"] == .string("5"))
    }

    @Test(
        "plain scalars in free fields resolve like YAML 1.2",
        arguments: [
            ("1", Value.int(1)), ("-3", .int(-3)), ("0.5", .number(0.5)), ("1e3", .number(1000)),
            ("true", .bool(true)), ("False", .bool(false)), ("~", .null), ("null", .null),
            ("yes", .string("yes")), ("0x1F", .string("0x1F")), ("2026-01-01", .string("2026-01-01")),
            ("inf", .string("inf")), ("abc", .string("abc")), (".5", .number(0.5)), ("+7", .int(7)),
            ("-0x10", .string("-0x10")), ("nan(1)", .string("nan(1)")), ("1.2.3", .string("1.2.3")),
            ("1_000", .string("1_000")),
        ])
    func plainResolution(text: String, value: Value) throws {
        let f = try #require(parse("feature: f\nstage: explore\nx-v: \(text)\n").feature)
        #expect(f.definition[path: "x-v"] == value)
    }

    @Test(
        "an unchanged file is equal to itself, whatever its free fields hold",
        arguments: ["nan(1)", "-nan(2)", "1e400", "0x1p3"])
    func reflexive(text: String) throws {
        let file = "feature: f\nstage: explore\nx-v: \(text)\nexpectations: {max: \(text)}\n"
        let a = try #require(parse(file).feature)
        let b = try #require(parse(file).feature)
        #expect(a.definition == b.definition)
    }

    @Test("equal features hash equally")
    func hashing() throws {
        let a = try #require(parse(Self.original).feature)
        let b = try #require(parse(Self.rewritten[0].1).feature)
        #expect(Set([a, b]).count == 1)
    }

    @Test("the same definition at another path is another file")
    func pathMatters() throws {
        let a = try #require(parse(Self.original, path: "features/a.yaml").feature)
        let b = try #require(parse(Self.original, path: "features/b.yaml").feature)
        #expect(a.definition == b.definition)
        #expect(a != b)
    }
}
