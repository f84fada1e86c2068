import FeatModel
import Foundation
import Testing

@testable import FeatDiff

func mapBlock(keyType: String = "string", valueType: String = "int32", extra: String = "") -> Edit {
    Edit("  key_type: string\n  value_type: int32\n", "  key_type: \(keyType)\n  value_type: \(valueType)\n\(extra)")
}

/// SPEC §4 rows for maps, types, entity, embeddings and declared fields.
let mapCases: [ImpactCase] = [
    // key_type: widening compatible, anything else breaking
    ImpactCase(
        "key_type int32 → int64 widened", .map, before: [mapBlock(keyType: "int32")],
        after: [mapBlock(keyType: "int64")], [Expect("map.key_type", .compatible)]),
    ImpactCase(
        "key_type int64 → int32 narrowed", .map, before: [mapBlock(keyType: "int64")],
        after: [mapBlock(keyType: "int32")], [Expect("map.key_type", .breaking)]),
    ImpactCase(
        "key_type int32 → float64 widened", .map, before: [mapBlock(keyType: "int32")],
        after: [mapBlock(keyType: "float64")], [Expect("map.key_type", .compatible)]),
    ImpactCase(
        "key_type string → int64 changed", .map, after: [mapBlock(keyType: "int64")],
        [Expect("map.key_type", .breaking)]),
    ImpactCase(
        "key_type declared", .map, before: [Edit("  key_type: string\n", "")], after: [],
        [Expect("map.key_type", .additive)]),
    ImpactCase(
        "key_type removed", .map, after: [Edit("  key_type: string\n", "")], [Expect("map.key_type", .breaking)]),
    // value_type
    ImpactCase(
        "value_type int32 → float64 widened", .map, after: [mapBlock(valueType: "float64")],
        [Expect("map.value_type", .compatible)]),
    ImpactCase(
        "value_type int32 → float32 rounds", .map, after: [mapBlock(valueType: "float32")],
        [Expect("map.value_type", .breaking)]),
    ImpactCase(
        "value_type int64 → float64 rounds", .map, before: [mapBlock(valueType: "int64")],
        after: [mapBlock(valueType: "float64")], [Expect("map.value_type", .breaking)]),
    ImpactCase(
        "value_type float64 → float32 narrowed", .map, before: [mapBlock(valueType: "float64")],
        after: [mapBlock(valueType: "float32")], [Expect("map.value_type", .breaking)]),
    ImpactCase(
        "value_type removed", .map, after: [Edit("  value_type: int32\n", "")], [Expect("map.value_type", .breaking)]),
    // keys
    ImpactCase(
        "keys closed → open, no limit", .map, after: [Edit("keys: closed", "keys: open")],
        [Expect("map.keys", .compatible)]),
    ImpactCase(
        "keys closed → open with max_keys at the number of known keys", .map,
        after: [Edit("keys: closed", "keys: open\n  max_keys: 3")],
        [Expect("map.keys", .compatible), Expect("map.max_keys", .compatible)]),
    ImpactCase(
        "keys closed → open with max_keys below the number of known keys", .map,
        after: [Edit("keys: closed", "keys: open\n  max_keys: 2")],
        [Expect("map.keys", .meaning), Expect("map.max_keys", .meaning)]),
    ImpactCase(
        "keys closed → open with a known key lost", .map,
        after: [Edit("keys: closed", "keys: open"), Edit("[books, games, music]", "[books, music]")],
        [Expect("map.keys", .meaning), Expect("map.known_keys", .breaking)]),
    ImpactCase(
        "keys closed → open, an existing max_keys lowered below the known keys", .map,
        before: [Edit("keys: closed", "keys: closed\n  max_keys: 10")],
        after: [Edit("keys: closed", "keys: open\n  max_keys: 2")],
        [Expect("map.keys", .meaning), Expect("map.max_keys", .meaning)]),
    ImpactCase(
        "keys closed removed: judged as open", .map, after: [Edit("  keys: closed\n", "")],
        [Expect("map.keys", .compatible)]),
    ImpactCase(
        "keys open removed: the same as its default, no change", .map, before: [Edit("keys: closed", "keys: open")],
        after: [Edit("  keys: closed\n", "")], []),
    ImpactCase(
        "keys open → closed", .map, before: [Edit("keys: closed", "keys: open")], after: [],
        [Expect("map.keys", .breaking)]),
    ImpactCase(
        "keys absent → closed: absent means open, so it closes", .map, before: [Edit("  keys: closed\n", "")],
        after: [], [Expect("map.keys", .breaking)]),
    // max_keys on a map that stays open
    ImpactCase(
        "max_keys raised", .map, before: [Edit("keys: closed", "keys: open\n  max_keys: 10")],
        after: [Edit("keys: closed", "keys: open\n  max_keys: 20")], [Expect("map.max_keys", .meaning)]),
    ImpactCase(
        "max_keys lowered", .map, before: [Edit("keys: closed", "keys: open\n  max_keys: 20")],
        after: [Edit("keys: closed", "keys: open\n  max_keys: 10")], [Expect("map.max_keys", .meaning)]),
    ImpactCase(
        "max_keys removed", .map, before: [Edit("keys: closed", "keys: open\n  max_keys: 20")],
        after: [Edit("keys: closed", "keys: open")], [Expect("map.max_keys", .meaning)]),
    ImpactCase(
        "max_keys first set on an open map: absent means no limit, so rows may lose keys", .map,
        before: [Edit("keys: closed", "keys: open")],
        after: [Edit("keys: closed", "keys: open\n  max_keys: 20")], [Expect("map.max_keys", .meaning)]),
    // missing
    ImpactCase(
        "missing zero → null, int64 values", .map, before: [mapBlock(valueType: "int64")],
        after: [mapBlock(valueType: "int64"), Edit("missing: zero", "missing: \"null\"")],
        [Expect("map.missing", .breaking)]),
    ImpactCase(
        "missing zero → null, bool values", .map, before: [mapBlock(valueType: "bool")],
        after: [mapBlock(valueType: "bool"), Edit("missing: zero", "missing: \"null\"")],
        [Expect("map.missing", .breaking)]),
    ImpactCase(
        "missing zero → null, float64 values", .map, before: [mapBlock(valueType: "float64")],
        after: [mapBlock(valueType: "float64"), Edit("missing: zero", "missing: \"null\"")],
        [Expect("map.missing", .meaning)]),
    ImpactCase(
        "missing zero → null, string values", .map, before: [mapBlock(valueType: "string")],
        after: [mapBlock(valueType: "string"), Edit("missing: zero", "missing: \"null\"")],
        [Expect("map.missing", .meaning)]),
    ImpactCase(
        "missing null → zero, float32 values", .map,
        before: [mapBlock(valueType: "float32"), Edit("missing: zero", "missing: \"null\"")],
        after: [mapBlock(valueType: "float32")], [Expect("map.missing", .meaning)]),
    ImpactCase(
        "missing null → zero, int32 values", .map, before: [Edit("missing: zero", "missing: \"null\"")], after: [],
        [Expect("map.missing", .breaking)]),
    ImpactCase(
        "missing written as a YAML null is the null policy", .map, after: [Edit("missing: zero", "missing: null")],
        [Expect("map.missing", .breaking)]),
    ImpactCase(
        "missing zero removed: judged as null", .map, after: [Edit("  missing: zero\n", "")],
        [Expect("map.missing", .breaking)]),
    ImpactCase(
        "missing null removed: the same as its default, no change", .map,
        before: [Edit("missing: zero", "missing: null")], after: [Edit("  missing: zero\n", "")], []),
    ImpactCase(
        "missing zero first set on int32 values: absent means null, null → zero", .map,
        before: [Edit("  missing: zero\n", "")], after: [], [Expect("map.missing", .breaking)]),
    ImpactCase(
        "missing with no value_type: cannot rule out integers", .map, before: [Edit("  value_type: int32\n", "")],
        after: [Edit("  value_type: int32\n", ""), Edit("missing: zero", "missing: null")],
        [Expect("map.missing", .breaking)]),
    // known_keys
    ImpactCase(
        "known key appended", .map, after: [Edit("music]", "music, sports]")], [Expect("map.known_keys", .additive)]),
    ImpactCase(
        "known key inserted first", .map, after: [Edit("[books, games, music]", "[art, books, games, music]")],
        [Expect("map.known_keys", .additive)]),
    ImpactCase(
        "known keys reordered", .map, after: [Edit("[books, games, music]", "[games, books, music]")],
        [Expect("map.known_keys", .compatible)]),
    ImpactCase(
        "known keys reordered and one inserted", .map,
        after: [Edit("[books, games, music]", "[music, art, books, games]")], [Expect("map.known_keys", .compatible)]),
    ImpactCase(
        "known key renamed", .map, after: [Edit("[books, games, music]", "[books, gaming, music]")],
        [Expect("map.known_keys", .breaking)]),
    ImpactCase(
        "known keys replaced", .map, after: [Edit("[books, games, music]", "[art, film]")],
        [Expect("map.known_keys", .breaking)]),
    ImpactCase(
        "known keys removed", .map, after: [Edit("  known_keys: [books, games, music]\n", "")],
        [Expect("map.known_keys", .breaking)]),
    ImpactCase(
        "known keys declared", .map, before: [Edit("  known_keys: [books, games, music]\n", "")], after: [],
        [Expect("map.known_keys", .additive)]),
]

let typeCases: [ImpactCase] = [
    ImpactCase(
        "int32 → float32 rounds", .scalar, after: [Edit("type: int32", "type: float32")], [Expect("type", .breaking)]),
    ImpactCase(
        "int64 → float64 rounds", .scalar, before: [Edit("type: int32", "type: int64")],
        after: [Edit("type: int32", "type: float64")], [Expect("type", .breaking)]),
    ImpactCase(
        "float64 → float32 narrowed", .scalar, before: [Edit("type: int32", "type: float64")],
        after: [Edit("type: int32", "type: float32")], [Expect("type", .breaking)]),
    ImpactCase(
        "int64 → int32 narrowed", .aggregation, before: [Edit("type: int32", "type: int64")], after: [],
        [Expect("type", .breaking)]),
    ImpactCase(
        "bool → int32 changed", .scalar, before: [Edit("type: int32", "type: bool")], after: [],
        [Expect("type", .breaking)]),
    ImpactCase(
        "date → timestamp changed", .scalar, before: [Edit("type: int32", "type: date")],
        after: [Edit("type: int32", "type: timestamp")], [Expect("type", .breaking)]),
]

let entityCases: [ImpactCase] = [
    ImpactCase(
        "entity reordered", before: [Edit("entity: [user_id]", "entity: [user_id, merchant_id]")],
        after: [Edit("entity: [user_id]", "entity: [merchant_id, user_id]")], []),
    ImpactCase(
        "entity key added", after: [Edit("entity: [user_id]", "entity: [user_id, merchant_id]")],
        [Expect("entity", .breaking)]),
    ImpactCase(
        "entity key removed", before: [Edit("entity: [user_id]", "entity: [user_id, merchant_id]")], after: [],
        [Expect("entity", .breaking)]),
    ImpactCase(
        "entity key replaced", after: [Edit("entity: [user_id]", "entity: [account_id]")], [Expect("entity", .breaking)]
    ),
]

let embeddingCases: [ImpactCase] = [
    ImpactCase(
        "dimension removed", .embedding, after: [Edit("  dimension: 384\n", "")],
        [Expect("embedding.dimension", .breaking)]),
    ImpactCase(
        "metric dot → cosine, normalized at both versions", .embedding, before: [Edit("metric: cosine", "metric: dot")],
        after: [], [Expect("embedding.metric", .compatible)]),
    ImpactCase(
        "metric cosine → dot, not normalized", .embedding, before: [Edit("normalized: true", "normalized: false")],
        after: [Edit("normalized: true", "normalized: false"), Edit("metric: cosine", "metric: dot")],
        [Expect("embedding.metric", .meaning)]),
    ImpactCase(
        "metric cosine → dot, normalized absent (false)", .embedding, before: [Edit("  normalized: true\n", "")],
        after: [Edit("  normalized: true\n", ""), Edit("metric: cosine", "metric: dot")],
        [Expect("embedding.metric", .meaning)]),
    ImpactCase(
        "metric cosine → dot while normalization is dropped", .embedding,
        after: [Edit("normalized: true", "normalized: false"), Edit("metric: cosine", "metric: dot")],
        [Expect("embedding.metric", .meaning), Expect("embedding.normalized", .meaning)]),
    ImpactCase(
        "metric cosine → l2, normalized", .embedding, after: [Edit("metric: cosine", "metric: l2")],
        [Expect("embedding.metric", .meaning)]),
    ImpactCase(
        "metric removed", .embedding, after: [Edit("  metric: cosine\n", "")], [Expect("embedding.metric", .meaning)]),
    ImpactCase(
        "metric declared", .embedding, before: [Edit("  metric: cosine\n", "")], after: [],
        [Expect("embedding.metric", .additive)]),
    ImpactCase(
        "normalized false → true", .embedding, before: [Edit("normalized: true", "normalized: false")], after: [],
        [Expect("embedding.normalized", .meaning)]),
    ImpactCase(
        "normalized true removed: judged as false", .embedding, after: [Edit("  normalized: true\n", "")],
        [Expect("embedding.normalized", .meaning)]),
    ImpactCase(
        "normalized false removed: the same as its default, no change", .embedding,
        before: [Edit("normalized: true", "normalized: false")], after: [Edit("  normalized: true\n", "")], []),
    ImpactCase(
        "normalized true first set: absent means false, so vectors change", .embedding,
        before: [Edit("  normalized: true\n", "")], after: [], [Expect("embedding.normalized", .meaning)]),
    ImpactCase(
        "model_version declared", .embedding, before: [Edit("  model_version: \"2024-01\"\n", "")], after: [],
        [Expect("embedding.model_version", .additive)]),
    ImpactCase(
        "model removed", .embedding, after: [Edit("  model: text-embedding-3-small\n", "")],
        [Expect("embedding.model", .meaning)]),
    ImpactCase(
        "objective removed", .embedding, after: [Edit("  objective: retrieval\n", "")],
        [Expect("embedding.objective", .meaning)]),
    ImpactCase(
        "input declared", .embedding, before: [Edit("  input: product_title\n", "")], after: [],
        [Expect("embedding.input", .additive)]),
]

/// Declared vs changed: a field first set declares how the feature already behaves, except
/// those whose first setting changes the values; a removed field takes its row's impact.
let declaredCases: [ImpactCase] = [
    ImpactCase(
        "event_time declared", before: [Edit("  event_time: created_at\n", "")], after: [],
        [Expect("time.event_time", .additive)]),
    ImpactCase(
        "event_time removed", after: [Edit("  event_time: created_at\n", "")], [Expect("time.event_time", .meaning)]),
    ImpactCase("ttl declared", before: [Edit("  ttl: 1d\n", "")], after: [], [Expect("time.ttl", .additive)]),
    ImpactCase("ttl removed", after: [Edit("  ttl: 1d\n", "")], [Expect("time.ttl", .meaning)]),
    ImpactCase(
        "timezone first set: absent means UTC, so day boundaries move",
        after: [Edit("ttl: 1d\n", "ttl: 1d\n  timezone: Europe/Paris\n")], [Expect("time.timezone", .meaning)]),
    ImpactCase("timezone first set to UTC: no change", after: [Edit("ttl: 1d\n", "ttl: 1d\n  timezone: UTC\n")], []),
    ImpactCase(
        "timezone changed", before: [Edit("ttl: 1d\n", "ttl: 1d\n  timezone: Europe/Paris\n")],
        after: [Edit("ttl: 1d\n", "ttl: 1d\n  timezone: UTC\n")], [Expect("time.timezone", .meaning)]),
    ImpactCase(
        "timezone removed", before: [Edit("ttl: 1d\n", "ttl: 1d\n  timezone: Europe/Paris\n")], after: [],
        [Expect("time.timezone", .meaning)]),
    ImpactCase(
        "source table declared", before: [Edit("  table: payments.transactions\n", "")], after: [],
        [Expect("source.table", .additive)]),
    ImpactCase(
        "source table removed", after: [Edit("  table: payments.transactions\n", "")],
        [Expect("source.table", .meaning)]),
    ImpactCase(
        "source expression first set changes values",
        after: [
            Edit("  table: payments.transactions\n", "  table: payments.transactions\n  expression: amount / 100\n")
        ],
        [Expect("source.expression", .meaning)]),
    ImpactCase(
        "backfill declared", before: [Edit("backfill: {start: 2024-01-01, strategy: incremental}\n", "")], after: [],
        [Expect("backfill.start", .additive), Expect("backfill.strategy", .additive)]),
    ImpactCase(
        "expectations declared", before: [Edit("expectations: {null_rate_max: 0.0, min: 0}\n", "")], after: [],
        [Expect("expectations.min", .additive), Expect("expectations.null_rate_max", .additive)]),
    ImpactCase(
        "expectations removed", after: [Edit("expectations: {null_rate_max: 0.0, min: 0}\n", "")],
        [Expect("expectations.min", .compatible), Expect("expectations.null_rate_max", .compatible)]),
    ImpactCase(
        "monitoring declared", before: [Edit("monitoring: {drift: {metric: psi, threshold: 0.2}}\n", "")], after: [],
        [Expect("monitoring.drift.metric", .additive), Expect("monitoring.drift.threshold", .additive)]),
    ImpactCase(
        "description declared stays cosmetic", before: [Edit("description: A signal about each user.\n", "")],
        after: [], [Expect("description", .cosmetic)]),
]

let aggregationDeclaredCases: [ImpactCase] = [
    ImpactCase(
        "window declared", .aggregation, before: [Edit(", window: 7d", "")], after: [],
        [Expect("aggregation.window", .additive)]),
    ImpactCase(
        "function declared", .aggregation, before: [Edit("function: count, ", "")], after: [],
        [Expect("aggregation.function", .additive)]),
    ImpactCase(
        "slide first set changes values", .aggregation, after: [Edit("window: 7d", "window: 7d, slide: 1h")],
        [Expect("aggregation.slide", .meaning)]),
    ImpactCase(
        "slide removed", .aggregation, before: [Edit("window: 7d", "window: 7d, slide: 1h")], after: [],
        [Expect("aggregation.slide", .meaning)]),
    ImpactCase(
        "column removed", .aggregation, after: [Edit("column: txn_id, ", "")], [Expect("aggregation.column", .meaning)]),
]

@Suite("Impacts of maps, types, entity, embeddings and declared fields (SPEC §4)")
struct FieldImpactTests {
    @Test("map rows", arguments: mapCases)
    func map(_ row: ImpactCase) throws { try row.check(try #require(row.kind)) }

    @Test("type rows: only lossless widening is compatible", arguments: typeCases)
    func types(_ row: ImpactCase) throws { try row.check(try #require(row.kind)) }

    @Test("entity is a set of join keys", arguments: entityCases, Kind.allCases)
    func entity(_ row: ImpactCase, kind: Kind) throws { try row.check(kind) }

    @Test("embedding rows", arguments: embeddingCases)
    func embedding(_ row: ImpactCase) throws { try row.check(try #require(row.kind)) }

    @Test("declared vs changed, on every kind", arguments: declaredCases, Kind.allCases)
    func declared(_ row: ImpactCase, kind: Kind) throws { try row.check(kind) }

    @Test("declared vs changed, aggregation fields", arguments: aggregationDeclaredCases)
    func aggregation(_ row: ImpactCase) throws { try row.check(try #require(row.kind)) }

    @Test("a declared field asks the reviewer to confirm it matches what is served")
    func declaredMessage() throws {
        let before = Fixture.yaml(.embedding).replacingOccurrences(of: "  metric: cosine\n", with: "")
        let change = try #require(try Fixture.diff(before, Fixture.yaml(.embedding)).features.first?.changes.first)
        #expect(change.impact == .additive)
        #expect(
            change.message
                == "embedding.metric set to cosine: declares how the feature already behaves; confirm that it matches what is served"
        )
    }

    @Test("a promotion that adds its obligations is additive, not meaning")
    func promotionObligations() throws {
        let before = Fixture.yaml(.categorical, stage: "candidate")
            .replacingOccurrences(of: "time:\n  event_time: created_at\n  ttl: 1d\n", with: "")
            .replacingOccurrences(of: "  encoding: onehot\n", with: "")
        let report = try Fixture.diff(before, Fixture.yaml(.categorical, stage: "shadow"))
        let f = try #require(report.features.first)
        // `encoding: onehot` is what absence meant: no change at all.
        #expect(f.changes.map(\.field) == ["time.event_time", "time.ttl"])
        #expect(f.changes.allSatisfy { $0.impact == .additive }, "\(f.changes.map(\.message))")
        #expect(f.fieldImpact == .additive)
        // The promotion itself is a compatible event, and the feature's impact is its most severe.
        #expect(f.impact == .compatible)
    }
}
