import FeatModel
import Testing

@Suite("Parsing complete feature files")
struct FeatureParsingTests {
    @Test("every kind parses from a realistic file, without problems", arguments: Files.all)
    func everyKind(kind: Kind, text: String) throws {
        let parsed = parse(text)
        #expect(parsed.problems == [])
        let feature = try #require(parsed.feature)
        #expect(feature.kind == kind)
        #expect(feature.stage == "production")
        #expect(feature.path == "features/f.yaml")
    }

    @Test("every realistic file meets every obligation of production", arguments: Files.all)
    func productionReady(kind: Kind, text: String) throws {
        let feature = try #require(parse(text).feature)
        #expect(Policy.standard.missing(for: feature) == [])
    }

    @Test("the SPEC example reads field by field")
    func aggregationFields() throws {
        let f = try #require(parse(Files.aggregation).feature)
        #expect(f.identity == Identity(feature: "user_txn_count_7d", version: 1))
        #expect(f.name == "user_txn_count_7d")
        #expect(f.version == 1)
        #expect(f.owner == "risk-team@example.com")
        let d = f.definition
        #expect(d[path: "entity"] == .list([.string("user_id")]))
        #expect(d[path: "type"] == .string("int64"))
        #expect(d[path: "source.table"] == .string("payments.transactions"))
        #expect(d[path: "time.ttl"] == duration("1d"))
        #expect(d[path: "aggregation.function"] == .string("count"))
        #expect(d[path: "aggregation.window"] == duration("168h"))
        #expect(d[path: "backfill.start"] == .string("2024-01-01"))
        #expect(d[path: "expectations.null_rate_max"] == .number(0))
        #expect(d[path: "expectations.min"] == .int(0))
        #expect(d[path: "monitoring.drift.threshold"] == .number(0.2))
        #expect(d[path: "tags"] == .list([.string("payments"), .string("velocity")]))
        #expect(
            d[path: "evidence"]
                == .list([
                    .map([
                        "date": .string("2026-10-02"), "metric": .string("auc_lift"), "value": .number(0.004),
                        "dataset": .string("fraud_eval_2026q3"),
                    ])
                ]))
        #expect(
            d[path: "waivers"]
                == .list([
                    .map([
                        "rule": .string("FEAT006"), "reason": .string("backfill already re-run under the new window"),
                        "expires": .string("2026-06-01"),
                    ])
                ]))
    }

    @Test("each field remembers its line, nested ones too")
    func lines() throws {
        let f = try #require(parse(Files.aggregation).feature)
        #expect(f.lines["feature"] == 1)
        #expect(f.lines["stage"] == 3)
        #expect(f.lines["time.ttl"] == 16)
        #expect(f.lines["aggregation.window"] == 17)
        #expect(f.lines["evidence[0].metric"] == 9)
        #expect(f.lines["waivers[0].expires"] == 24)
        #expect(f.line(of: "aggregation.window") == 17)
        // A missing field points at its nearest enclosing one.
        #expect(f.line(of: "aggregation.slide") == 17)
        #expect(f.line(of: "sla.freshness") == 20)
        #expect(f.line(of: "deprecation.reason") == nil)
    }

    @Test("a scalar feature: folded and literal text, a single entity, x- fields")
    func scalarFields() throws {
        let f = try #require(parse(Files.scalar).feature)
        #expect(f.identity == Identity(feature: "user.account_age_days", version: 1))
        let d = f.definition
        #expect(d[path: "description"] == .string("Days since the account was opened, as of the event time.\n"))
        #expect(d[path: "source.sql"]?.stringValue?.hasPrefix("select user_id") == true)
        #expect(d[path: "source.filter"] == .string("status = 'open'"))
        #expect(d[path: "entity"] == .list([.string("user_id")]))
        #expect(d[path: "time.timezone"] == .string("UTC"))
        #expect(d[path: "x-dashboard"] == .string("https://grafana.example.com/d/accounts"))
        #expect(d[path: "version"] == .int(1))
    }

    @Test("a categorical feature: version 2, its vocabulary in order, its policies")
    func categoricalFields() throws {
        let f = try #require(parse(Files.categorical).feature)
        #expect(f.identity == Identity(feature: "merchant_category", version: 2))
        #expect(f.identity.description == "merchant_category v2")
        let d = f.definition
        #expect(
            d[path: "categorical.vocabulary"]
                == .list(["grocery", "travel", "electronics", "gambling"].map(Value.string)))
        #expect(d[path: "categorical.unseen"] == .string("bucket"))
        #expect(d[path: "categorical.encoding"] == .string("onehot"))
        #expect(d[path: "time.ttl"] == duration("14d"))
        #expect(d[path: "source.expression"] == .string("upper(category)"))
        #expect(d[path: "evidence"]?.items?.count == 2)
    }

    @Test("a map feature: key and value types, closed keys, the missing policy")
    func mapFields() throws {
        let f = try #require(parse(Files.map).feature)
        let d = f.definition
        #expect(d[path: "map.key_type"] == .string("string"))
        #expect(d[path: "map.value_type"] == .string("float64"))
        #expect(d[path: "map.keys"] == .string("closed"))
        #expect(d[path: "map.known_keys"] == .list(["grocery", "travel", "electronics"].map(Value.string)))
        #expect(d[path: "map.missing"] == .string("zero"))
        #expect(d[path: "sla.latency"] == duration("90s"))
        #expect(d[path: "sla.availability"] == .number(0.999))
        #expect(d[path: "backfill.end"] == .string("2026-01-01"))
    }

    @Test("an embedding feature: model, version as text, dimension, metric")
    func embeddingFields() throws {
        let f = try #require(parse(Files.embedding).feature)
        let d = f.definition
        #expect(d[path: "embedding.model"] == .string("text-embedding-small"))
        #expect(d[path: "embedding.model_version"] == .string("3"))
        #expect(d[path: "embedding.dimension"] == .int(384))
        #expect(d[path: "embedding.metric"] == .string("cosine"))
        #expect(d[path: "embedding.normalized"] == .bool(true))
        #expect(d[path: "embedding.input"] == .string("title + description"))
    }

    @Test("a byte-order mark and CRLF line endings change nothing, lines included")
    func bomAndCRLF() throws {
        let text = "feature: f\r\n# comment\r\nstage: explore\r\ntime:\r\n  ttl: 1d\r\n"
        let plain = try #require(parse(text.replacing("\r\n", with: "\n")).feature)
        let parsed = FeatureParser.parse([0xEF, 0xBB, 0xBF] + Array(text.utf8), path: "features/f.yaml")
        #expect(parsed.problems == [])
        let f = try #require(parsed.feature)
        #expect(f.definition == plain.definition)
        #expect(f.lines == ["feature": 1, "stage": 3, "time": 4, "time.ttl": 5])
    }

    @Test("a minimal explore file is a feature with no problems")
    func minimalExplore() throws {
        let parsed = parse("feature: f\nstage: explore\nkind: scalar\nowner: me\nhypothesis: h\n")
        #expect(parsed.problems == [])
        #expect(parsed.hasErrors == false)
        let f = try #require(parsed.feature)
        #expect(Policy.standard.missing(for: f) == [])
        #expect(f.identity == Identity(feature: "f", version: 1))
    }

    @Test("custom x- fields are kept whole, at the top level and inside blocks")
    func customFields() throws {
        let parsed = parse(
            """
            feature: f
            stage: explore
            x-team: {slack: "#risk", oncall: [ann, bob]}
            source:
              table: t
              x-notes: anything at all
            sla: {freshness: 1h, x-pager: risk-oncall}

            """)
        #expect(parsed.problems == [])
        let d = try #require(parsed.feature?.definition)
        #expect(
            d[path: "x-team"] == .map(["slack": .string("#risk"), "oncall": .list([.string("ann"), .string("bob")])]))
        #expect(d[path: "source.x-notes"] == .string("anything at all"))
        // Every block is closed (SPEC §2): the author's own keys inside one start with x- too.
        #expect(d[path: "sla.x-pager"] == .string("risk-oncall"))
        #expect(parsed.feature?.lines["x-team.slack"] == 3)
    }

    @Test("a file with problems still yields its feature when identity and stage are readable")
    func problemsDoNotHideTheFeature() throws {
        let parsed = parse("feature: f\nstage: explore\nkind: aggregation\naggregation: {window: soon}\n")
        #expect(parsed.hasErrors)
        #expect(parsed.feature?.identity == Identity(feature: "f", version: 1))
        #expect(parsed.feature?.definition[path: "aggregation.window"] == nil)
    }
}
