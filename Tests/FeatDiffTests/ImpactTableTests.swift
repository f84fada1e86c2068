import FeatModel
import Testing

@testable import FeatDiff

/// One labelled before/after pair: the fixture of `kind` with `before` edits, then with `after` edits.
struct ImpactCase: Sendable, CustomTestStringConvertible {
    var label: String
    var kind: Kind?
    var before: [Edit]
    var after: [Edit]
    /// Every expected field change; empty means "no change at all".
    var expect: [Expect]

    init(_ label: String, _ kind: Kind? = nil, before: [Edit] = [], after: [Edit], _ expect: [Expect]) {
        self.label = label
        self.kind = kind
        self.before = before
        self.after = after
        self.expect = expect
    }

    var testDescription: String { kind.map { "\($0.rawValue): \(label)" } ?? label }

    /// Runs the case on the fixture of `kind` and checks fields, impacts and the feature's impact.
    func check(_ kind: Kind) throws {
        let base = Fixture.yaml(kind)
        let report = try Fixture.diff(try Fixture.apply(before, to: base), try Fixture.apply(after, to: base))
        if expect.isEmpty {
            #expect(
                report.features.isEmpty, "expected no change, got \(report.features.flatMap(\.changes).map(\.message))")
            return
        }
        let feature = try #require(report.features.first)
        #expect(report.features.count == 1)
        #expect(feature.status == .modified)
        let got = feature.changes.map { Expect($0.field, $0.impact) }
        #expect(got == expect.sorted { $0.field < $1.field }, "\(feature.changes.map(\.message))")
        #expect(feature.impact == expect.map(\.impact).max())
        for change in feature.changes {
            // Every message names what changed and says why, after a colon.
            let leaf = change.field.split(separator: ".").last.map(String.init) ?? change.field
            #expect(change.message.contains(leaf) || change.message.contains("vocabulary"), "\(change.message)")
            #expect(change.message.contains(": "), "\(change.message)")
        }
    }
}

/// SPEC §4 rows that apply to every kind, each run on a feature of all five kinds.
let commonCases: [ImpactCase] = [
    // cosmetic
    ImpactCase(
        "description reworded", after: [Edit("A signal about each user.", "One signal per user.")],
        [Expect("description", .cosmetic)]),
    ImpactCase(
        "hypothesis reworded", after: [Edit("Recent behaviour", "Recent spending")], [Expect("hypothesis", .cosmetic)]),
    ImpactCase("tags changed", after: [Edit("[payments, velocity]", "[payments, fraud]")], [Expect("tags", .cosmetic)]),
    ImpactCase(
        "evidence record added",
        after: [Edit("value: 0.004}\n", "value: 0.004}\n  - {date: 2026-11-02, metric: auc_lift, value: 0.006}\n")],
        [Expect("evidence", .cosmetic)]),
    ImpactCase(
        "evidence record edited", after: [Edit("value: 0.004", "value: 0.005")], [Expect("evidence", .cosmetic)]),
    // additive
    ImpactCase(
        "x- field added at the top level",
        after: [
            Edit(
                "tags: [payments, velocity]\n", "tags: [payments, velocity]\nx-dashboard: https://dash.example.com/1\n")
        ],
        [Expect("x-dashboard", .additive)]),
    ImpactCase(
        "x- field inside a block", after: [Edit("ttl: 1d\n", "ttl: 1d\n  x-note: reviewed by data eng\n")],
        [Expect("time.x-note", .additive)]),
    // compatible
    ImpactCase(
        "owner changed", after: [Edit("owner: risk-team@example.com", "owner: fraud-team@example.com")],
        [Expect("owner", .compatible)]),
    ImpactCase(
        "sla freshness changed", after: [Edit("freshness: 1h", "freshness: 2h")], [Expect("sla.freshness", .compatible)]
    ),
    ImpactCase(
        "sla declared where none was", before: [Edit("sla: {freshness: 1h}\n", "")], after: [],
        [Expect("sla.freshness", .additive)]),
    ImpactCase("sla removed", after: [Edit("sla: {freshness: 1h}\n", "")], [Expect("sla.freshness", .compatible)]),
    ImpactCase(
        "monitoring threshold", after: [Edit("threshold: 0.2", "threshold: 0.3")],
        [Expect("monitoring.drift.threshold", .compatible)]),
    ImpactCase(
        "expectations tightened", after: [Edit("min: 0}", "min: 1}")], [Expect("expectations.min", .compatible)]),
    ImpactCase(
        "backfill start", after: [Edit("start: 2024-01-01", "start: 2023-01-01")],
        [Expect("backfill.start", .compatible)]),
    ImpactCase(
        "deprecation added",
        after: [
            Edit(
                "tags: [payments, velocity]\n",
                "tags: [payments, velocity]\ndeprecation: {reason: superseded, sunset: 2027-03-01}\n")
        ],
        [Expect("deprecation.reason", .additive), Expect("deprecation.sunset", .additive)]),
    ImpactCase(
        "waiver added",
        after: [
            Edit(
                "tags: [payments, velocity]\n",
                "tags: [payments, velocity]\nwaivers:\n  - {rule: FEAT006, reason: backfill re-run, expires: 2026-06-01}\n"
            )
        ],
        [Expect("waivers", .additive)]),
    // meaning
    ImpactCase(
        "source table", after: [Edit("table: payments.transactions", "table: payments.transactions_v2")],
        [Expect("source.table", .meaning)]),
    ImpactCase("source sql literal", after: [Edit("'settled'", "'pending'")], [Expect("source.sql", .meaning)]),
    ImpactCase(
        "source filter added",
        after: [Edit("  table: payments.transactions\n", "  table: payments.transactions\n  filter: amount > 0\n")],
        [Expect("source.filter", .meaning)]),
    ImpactCase(
        "event time", after: [Edit("event_time: created_at", "event_time: settled_at")],
        [Expect("time.event_time", .meaning)]),
    ImpactCase("ttl", after: [Edit("ttl: 1d", "ttl: 7d")], [Expect("time.ttl", .meaning)]),
    // breaking
    ImpactCase(
        "entity changed", after: [Edit("entity: [user_id]", "entity: [user_id, merchant_id]")],
        [Expect("entity", .breaking)]),
    ImpactCase("entity removed", after: [Edit("entity: [user_id]\n", "")], [Expect("entity", .breaking)]),
    ImpactCase(
        "entity declared where none was", before: [Edit("entity: [user_id]\n", "")], after: [],
        [Expect("entity", .additive)]),
    // no change
    ImpactCase("ttl 1d written 24h", after: [Edit("ttl: 1d", "ttl: 24h")], []),
    ImpactCase(
        "sql keyword case and layout", after: [Edit("SELECT user_id, amount FROM", "select user_id,amount\n    from")],
        []),
    ImpactCase(
        "comments added", after: [Edit("kind:", "# reviewed in PR 12\nkind:"), Edit("ttl: 1d", "ttl: 1d  # one day")],
        []),
    ImpactCase("entity as a single string", after: [Edit("entity: [user_id]", "entity: user_id")], []),
    ImpactCase("owner quoted", after: [Edit("owner: risk-team@example.com", "owner: \"risk-team@example.com\"")], []),
    ImpactCase(
        "empty block equals absent",
        before: [Edit("tags: [payments, velocity]\n", "tags: [payments, velocity]\nx-empty:\n")], after: [], []),
    ImpactCase("0 written 0.0", after: [Edit("min: 0}", "min: 0.0}")], []),
]

/// Rows of SPEC §4 that belong to one kind.
let kindCases: [ImpactCase] = [
    // scalar: type
    ImpactCase(
        "int32 → int64 widened", .scalar, after: [Edit("type: int32", "type: int64")], [Expect("type", .compatible)]),
    ImpactCase(
        "float32 → float64 widened", .scalar, before: [Edit("type: int32", "type: float32")],
        after: [Edit("type: int32", "type: float64")], [Expect("type", .compatible)]),
    ImpactCase(
        "int32 → float64 widened", .scalar, after: [Edit("type: int32", "type: float64")], [Expect("type", .compatible)]
    ),
    ImpactCase(
        "int64 → int32 narrowed", .scalar, before: [Edit("type: int32", "type: int64")], after: [],
        [Expect("type", .breaking)]),
    ImpactCase(
        "int32 → string changed", .scalar, after: [Edit("type: int32", "type: string")], [Expect("type", .breaking)]),
    ImpactCase(
        "float64 → int64 changed", .scalar, before: [Edit("type: int32", "type: float64")],
        after: [Edit("type: int32", "type: int64")], [Expect("type", .breaking)]),
    ImpactCase(
        "type declared where none was", .scalar, before: [Edit("type: int32\n", "")], after: [],
        [Expect("type", .additive)]),
    ImpactCase("type removed", .scalar, after: [Edit("type: int32\n", "")], [Expect("type", .breaking)]),
    ImpactCase(
        "kind scalar → aggregation", .scalar,
        after: [
            Edit("kind: scalar", "kind: aggregation"),
            Edit("type: int32\n", "type: int32\naggregation: {function: sum, column: amount, window: 7d}\n"),
        ],
        [
            Expect("aggregation.column", .meaning), Expect("aggregation.function", .additive),
            Expect("aggregation.window", .additive), Expect("kind", .breaking),
        ]),
    // aggregation
    ImpactCase(
        "window 7d → 30d", .aggregation, after: [Edit("window: 7d", "window: 30d")],
        [Expect("aggregation.window", .meaning)]),
    ImpactCase(
        "window removed", .aggregation, after: [Edit(", window: 7d", "")], [Expect("aggregation.window", .meaning)]),
    ImpactCase(
        "slide added", .aggregation, after: [Edit("window: 7d", "window: 7d, slide: 1h")],
        [Expect("aggregation.slide", .meaning)]),
    ImpactCase(
        "function count → sum", .aggregation, after: [Edit("function: count", "function: sum")],
        [Expect("aggregation.function", .meaning)]),
    ImpactCase(
        "column changed", .aggregation, after: [Edit("column: txn_id", "column: payment_id")],
        [Expect("aggregation.column", .meaning)]),
    ImpactCase(
        "type widened", .aggregation, after: [Edit("type: int32", "type: int64")], [Expect("type", .compatible)]),
    ImpactCase(
        "x- field in the aggregation block", .aggregation, after: [Edit("window: 7d}", "window: 7d, x-note: hi}")],
        [Expect("aggregation.x-note", .additive)]),
    ImpactCase("window 7d written 168h", .aggregation, after: [Edit("window: 7d", "window: 168h")], []),
    ImpactCase(
        "window 2w written 14d", .aggregation, before: [Edit("window: 7d", "window: 2w")],
        after: [Edit("window: 7d", "window: 14d")], []),
    ImpactCase(
        "aggregation flow → block style, reordered", .aggregation,
        after: [
            Edit(
                "aggregation: {function: count, column: txn_id, window: 7d}",
                "aggregation:\n  window: 7d\n  column: 'txn_id'\n  function: count")
        ], []),
    ImpactCase(
        "kind aggregation → scalar", .aggregation,
        after: [
            Edit("kind: aggregation", "kind: scalar"),
            Edit("aggregation: {function: count, column: txn_id, window: 7d}\n", ""),
        ],
        [
            Expect("aggregation.column", .meaning), Expect("aggregation.function", .meaning),
            Expect("aggregation.window", .meaning), Expect("kind", .breaking),
        ]),
    // categorical
    ImpactCase(
        "category appended, onehot", .categorical, after: [Edit("wallet]", "wallet, crypto]")],
        [Expect("categorical.vocabulary", .breaking)]),
    ImpactCase(
        "category appended, index", .categorical, before: [Edit("encoding: onehot", "encoding: index")],
        after: [Edit("encoding: onehot", "encoding: index"), Edit("wallet]", "wallet, crypto]")],
        [Expect("categorical.vocabulary", .breaking)]),
    ImpactCase(
        "category appended, hash", .categorical, before: [Edit("encoding: onehot", "encoding: hash\n  buckets: 64")],
        after: [Edit("encoding: onehot", "encoding: hash\n  buckets: 64"), Edit("wallet]", "wallet, crypto]")],
        [Expect("categorical.vocabulary", .compatible)]),
    ImpactCase(
        "category appended, no encoding declared", .categorical, before: [Edit("  encoding: onehot\n", "")],
        after: [Edit("  encoding: onehot\n", ""), Edit("wallet]", "wallet, crypto]")],
        [Expect("categorical.vocabulary", .breaking)]),
    ImpactCase(
        "category removed", .categorical, after: [Edit("[card, bank, wallet]", "[card, wallet]")],
        [Expect("categorical.vocabulary", .breaking)]),
    ImpactCase(
        "category removed, index", .categorical, before: [Edit("encoding: onehot", "encoding: index")],
        after: [Edit("encoding: onehot", "encoding: index"), Edit("[card, bank, wallet]", "[card, bank]")],
        [Expect("categorical.vocabulary", .breaking)]),
    ImpactCase(
        "vocabulary reordered", .categorical, after: [Edit("[card, bank, wallet]", "[bank, card, wallet]")],
        [Expect("categorical.vocabulary", .breaking)]),
    ImpactCase(
        "category inserted in the middle", .categorical,
        after: [Edit("[card, bank, wallet]", "[card, crypto, bank, wallet]")],
        [Expect("categorical.vocabulary", .breaking)]),
    ImpactCase(
        "unseen policy bucket → error, onehot", .categorical, after: [Edit("unseen: bucket", "unseen: error")],
        [Expect("categorical.unseen", .breaking)]),
    ImpactCase(
        "encoding onehot → index", .categorical, after: [Edit("encoding: onehot", "encoding: index")],
        [Expect("categorical.encoding", .breaking)]),
    ImpactCase(
        "encoding onehot written where none was: its default, no change", .categorical,
        before: [Edit("  encoding: onehot\n", "")], after: [], []),
    ImpactCase(
        "hash buckets", .categorical, before: [Edit("encoding: onehot", "encoding: hash\n  buckets: 64")],
        after: [Edit("encoding: onehot", "encoding: hash\n  buckets: 128")], [Expect("categorical.buckets", .breaking)]),
    ImpactCase(
        "buckets on a onehot feature", .categorical,
        after: [Edit("encoding: onehot", "encoding: onehot\n  buckets: 64")], [Expect("categorical.buckets", .cosmetic)]
    ),
    ImpactCase(
        "vocabulary declared", .categorical, before: [Edit("  vocabulary: [card, bank, wallet]\n", "")], after: [],
        [Expect("categorical.vocabulary", .additive)]),
    ImpactCase(
        "vocabulary as a block list, quoted", .categorical,
        after: [Edit("vocabulary: [card, bank, wallet]", "vocabulary:\n    - \"card\"\n    - 'bank'\n    - wallet")], []
    ),
    // map
    ImpactCase(
        "value_type int32 → int64 widened", .map, after: [Edit("value_type: int32", "value_type: int64")],
        [Expect("map.value_type", .compatible)]),
    ImpactCase(
        "value_type float32 → float64 widened", .map, before: [Edit("value_type: int32", "value_type: float32")],
        after: [Edit("value_type: int32", "value_type: float64")], [Expect("map.value_type", .compatible)]),
    ImpactCase(
        "value_type int64 → int32 narrowed", .map, before: [Edit("value_type: int32", "value_type: int64")], after: [],
        [Expect("map.value_type", .breaking)]),
    ImpactCase(
        "value_type int32 → string changed", .map, after: [Edit("value_type: int32", "value_type: string")],
        [Expect("map.value_type", .breaking)]),
    ImpactCase(
        "key_type changed", .map, after: [Edit("key_type: string", "key_type: int64")],
        [Expect("map.key_type", .breaking)]),
    ImpactCase(
        "keys closed → open", .map, after: [Edit("keys: closed", "keys: open")], [Expect("map.keys", .compatible)]),
    ImpactCase(
        "keys open → closed", .map, before: [Edit("keys: closed", "keys: open")], after: [],
        [Expect("map.keys", .breaking)]),
    ImpactCase(
        "known key appended to a closed map", .map, after: [Edit("music]", "music, sports]")],
        [Expect("map.known_keys", .additive)]),
    ImpactCase(
        "known key removed", .map, after: [Edit("[books, games, music]", "[books, music]")],
        [Expect("map.known_keys", .breaking)]),
    ImpactCase(
        "known keys reordered", .map, after: [Edit("[books, games, music]", "[music, books, games]")],
        [Expect("map.known_keys", .compatible)]),
    ImpactCase(
        "known key inserted in the middle", .map,
        after: [Edit("[books, games, music]", "[books, comics, games, music]")], [Expect("map.known_keys", .additive)]),
    ImpactCase(
        "missing zero → null, int32 values", .map, after: [Edit("missing: zero", "missing: \"null\"")],
        [Expect("map.missing", .breaking)]),
    ImpactCase(
        "max_keys limit first set: absent means no limit", .map,
        after: [Edit("missing: zero", "missing: zero\n  max_keys: 50")], [Expect("map.max_keys", .meaning)]),
    ImpactCase(
        "max_keys raised", .map, before: [Edit("missing: zero", "missing: zero\n  max_keys: 50")],
        after: [Edit("missing: zero", "missing: zero\n  max_keys: 100")], [Expect("map.max_keys", .meaning)]),
    ImpactCase(
        "map block reordered and restyled", .map,
        after: [
            Edit("  key_type: string\n  value_type: int32\n", ""),
            Edit("missing: zero", "missing: zero\n  value_type: int32\n  key_type: \"string\""),
        ], []),
    // embedding
    ImpactCase(
        "dimension", .embedding, after: [Edit("dimension: 384", "dimension: 768")],
        [Expect("embedding.dimension", .breaking)]),
    ImpactCase(
        "dimension declared where none was", .embedding, before: [Edit("  dimension: 384\n", "")], after: [],
        [Expect("embedding.dimension", .additive)]),
    ImpactCase(
        "model", .embedding, after: [Edit("model: text-embedding-3-small", "model: text-embedding-3-large")],
        [Expect("embedding.model", .meaning)]),
    ImpactCase(
        "model_version", .embedding, after: [Edit("model_version: \"2024-01\"", "model_version: \"2025-06\"")],
        [Expect("embedding.model_version", .meaning)]),
    ImpactCase(
        "metric cosine → dot, normalized at both versions", .embedding, after: [Edit("metric: cosine", "metric: dot")],
        [Expect("embedding.metric", .compatible)]),
    ImpactCase(
        "normalized", .embedding, after: [Edit("normalized: true", "normalized: false")],
        [Expect("embedding.normalized", .meaning)]),
    ImpactCase(
        "objective", .embedding, after: [Edit("objective: retrieval", "objective: classification")],
        [Expect("embedding.objective", .meaning)]),
    ImpactCase(
        "input", .embedding, after: [Edit("input: product_title", "input: product_description")],
        [Expect("embedding.input", .meaning)]),
    ImpactCase(
        "model_version quoted or plain", .embedding,
        after: [Edit("model_version: \"2024-01\"", "model_version: 2024-01")], []),
    ImpactCase(
        "several changes: the feature takes the most severe", .embedding,
        after: [
            Edit("dimension: 384", "dimension: 768"), Edit("A signal about each user.", "Vectors of product titles."),
        ],
        [Expect("description", .cosmetic), Expect("embedding.dimension", .breaking)]),
]

@Suite("Impacts by field (SPEC §4)")
struct ImpactTableTests {
    @Test("rows common to every kind", arguments: commonCases, Kind.allCases)
    func common(_ row: ImpactCase, kind: Kind) throws {
        try row.check(kind)
    }

    @Test("rows of one kind", arguments: kindCases)
    func byKind(_ row: ImpactCase) throws {
        try row.check(try #require(row.kind))
    }

    @Test("the table covers every impact for every kind")
    func coverage() {
        for kind in Kind.allCases {
            let impacts = Set((commonCases + kindCases.filter { $0.kind == kind }).flatMap(\.expect).map(\.impact))
            #expect(impacts == Set(Impact.allCases), "\(kind)")
        }
        #expect(commonCases.count * Kind.allCases.count + kindCases.count >= 40)
    }
}
