import FeatDiff
import FeatModel
import FeatRender
import Testing

/// A fixed report with every status, a promotion, and changes of several impacts.
enum DiffSample {
    static func d(_ text: String) -> Value {
        FeatureDuration(text).map(Value.duration) ?? .string(text)
    }

    static func list(_ items: [String]) -> Value { .list(items.map(Value.string)) }

    static let report = DiffReport(features: [
        FeatureChange(
            identity: Identity(feature: "new_signal", version: 2), status: .added,
            path: "features/new_signal_v2.yaml", stageBefore: nil, stageAfter: "explore", line: 1),
        FeatureChange(
            identity: Identity(feature: "old_signal", version: 1), status: .removed,
            path: "features/old_signal.yaml", stageBefore: "deprecated", stageAfter: nil),
        FeatureChange(
            identity: Identity(feature: "payment_method", version: 1), status: .moved,
            path: "features/payments/payment_method.yaml", previousPath: "features/payment_method.yaml",
            stageBefore: "shadow", stageAfter: "shadow",
            changes: [
                FieldChange(
                    field: "categorical.vocabulary", before: list(["card", "bank", "wallet"]),
                    after: list(["card", "bank", "wallet", "crypto"]), impact: .breaking,
                    message: "vocabulary grew from 3 to 4 entries ('crypto' appended): the one-hot dimension changes, so models trained on 3 columns cannot read it",
                    reason: "the one-hot dimension changes, so models trained on 3 columns cannot read it")
            ], line: 12),
        FeatureChange(
            identity: Identity(feature: "product_title_embedding", version: 1), status: .modified,
            path: "features/product_title_embedding.yaml", stageBefore: "candidate", stageAfter: "candidate",
            changes: [
                FieldChange(
                    field: "description", before: .string("Titles | embedded."), after: .string("Product titles, embedded."),
                    impact: .cosmetic, message: "description reworded: documentation only; values and consumers are unaffected",
                    reason: "documentation only; values and consumers are unaffected")
            ], line: 7),
        FeatureChange(
            identity: Identity(feature: "user_txn_count_7d", version: 1), status: .modified,
            path: "features/payments/user_txn_count_7d.yaml", stageBefore: "shadow", stageAfter: "production",
            stageMove: .promoted,
            changes: [
                FieldChange(
                    field: "aggregation.window", before: d("7d"), after: d("30d"), impact: .meaning,
                    message: "aggregation.window 7d → 30d: values are no longer comparable with those a model was trained on",
                    reason: "values are no longer comparable with those a model was trained on"),
                FieldChange(
                    field: "source.filter", before: .string("status = 'settled'"),
                    after: .string("`channel` <> 'test'\n  AND status = 'settled'\n  AND amount > 0\n  AND currency IN ('EUR', 'USD', 'GBP')"),
                    impact: .meaning,
                    message: "source.filter changed at `status` → `` `channel` ``: a different set of rows feeds the values",
                    reason: "a different set of rows feeds the values"),
                FieldChange(
                    field: "sla.freshness", before: nil, after: d("1h"), impact: .compatible,
                    message: "sla.freshness set to 1h: the serving promise changes, the values do not",
                    reason: "the serving promise changes, the values do not"),
            ], line: 18),
    ])

    static let base = "0123456789abcdef0123456789abcdef01234567"
}

@Suite("feat diff renderings")
struct DiffRenderTests {
    @Test("markdown for a pull-request comment matches the recorded snapshot")
    func markdownSnapshot() {
        let markdown = DiffRender.markdown(DiffSample.report, base: DiffSample.base, head: "worktree")
        #expect(markdown == Self.expectedMarkdown)
    }

    @Test("markdown for an empty diff says so")
    func markdownEmpty() {
        #expect(DiffRender.markdown(DiffReport(features: []), base: "main", head: "worktree") == "### feat diff `main` → `worktree`\n\n**No semantic changes.**\n")
    }

    @Test("every <details> block and table is set off by blank lines, so GitHub renders them")
    func markdownBlankLines() {
        let lines = DiffRender.markdown(DiffSample.report, base: DiffSample.base, head: "worktree")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() where line.hasPrefix("| ") && i > 0 && !lines[i - 1].hasPrefix("| ") {
            #expect(lines[i - 1].isEmpty, "line \(i + 1): a table must follow a blank line")
        }
        for (i, line) in lines.enumerated() where line == "</details>" {
            #expect(lines[i - 1].isEmpty, "line \(i + 1): </details> must follow a blank line")
        }
    }

    @Test("JSON has the SPEC §7 shape")
    func json() {
        let report = DiffReport(features: [DiffSample.report.features[4], DiffSample.report.features[0]])
        let json = DiffRender.json(report, base: "abc", head: "worktree").serialized(pretty: false)
        #expect(json == Self.expectedJSON)
    }

    @Test("a moved feature's JSON names the path it moved from")
    func jsonMoved() {
        let report = DiffReport(features: [DiffSample.report.features[2]])
        let json = DiffRender.json(report, base: "abc", head: "def").serialized(pretty: false)
        #expect(json.contains(#""status":"moved","path":"features/payments/payment_method.yaml","previous_path":"features/payment_method.yaml","stage":{"before":"shadow","after":"shadow"},"impact":"breaking""#))
    }

    @Test("text lists each change with its impact and ends with a summary")
    func text() {
        let text = DiffRender.text(DiffSample.report, style: .plain)
        #expect(text == Self.expectedText)
        #expect(DiffRender.text(DiffReport(features: []), style: .plain) == "no semantic changes\n")
    }

    @Test("text colours impacts only when asked")
    func textColour() {
        #expect(DiffRender.text(DiffSample.report, style: Style(colour: true)).contains("\u{1B}[31mbreaking"))
        #expect(!DiffRender.text(DiffSample.report, style: .plain).contains("\u{1B}"))
    }

    static let expectedJSON = #"""
        {"base":"abc","head":"worktree","features":[{"feature":"user_txn_count_7d","version":1,"status":"modified","path":"features/payments/user_txn_count_7d.yaml","stage":{"before":"shadow","after":"production"},"impact":"meaning","changes":[{"field":"aggregation.window","before":"7d","after":"30d","impact":"meaning","message":"aggregation.window 7d → 30d: values are no longer comparable with those a model was trained on"},{"field":"source.filter","before":"status = 'settled'","after":"`channel` <> 'test'\n  AND status = 'settled'\n  AND amount > 0\n  AND currency IN ('EUR', 'USD', 'GBP')","impact":"meaning","message":"source.filter changed at `status` → `` `channel` ``: a different set of rows feeds the values"},{"field":"sla.freshness","before":null,"after":"1h","impact":"compatible","message":"sla.freshness set to 1h: the serving promise changes, the values do not"}]},{"feature":"new_signal","version":2,"status":"added","path":"features/new_signal_v2.yaml","stage":{"before":null,"after":"explore"},"impact":null,"changes":[]}]}
        """#

    static let expectedText = """
        new_signal v2  added  features/new_signal_v2.yaml
          enters at explore

        old_signal  removed  features/old_signal.yaml
          was at deprecated

        payment_method  moved  breaking  features/payments/payment_method.yaml
          moved from features/payment_method.yaml
          breaking   vocabulary grew from 3 to 4 entries ('crypto' appended): the one-hot dimension changes, so models trained on 3 columns cannot read it

        product_title_embedding  modified  cosmetic  features/product_title_embedding.yaml
          cosmetic   description reworded: documentation only; values and consumers are unaffected

        user_txn_count_7d  modified  meaning  features/payments/user_txn_count_7d.yaml
          stage shadow → production (promoted)
          meaning    aggregation.window 7d → 30d: values are no longer comparable with those a model was trained on
          meaning    source.filter changed at `status` → `` `channel` ``: a different set of rows feeds the values
          compatible sla.freshness set to 1h: the serving promise changes, the values do not

        5 features changed: 1 breaking, 1 meaning, 1 cosmetic; 1 added, 1 removed, 1 moved; 1 promoted

        """

    static let expectedMarkdown = #"""
        ### feat diff `0123456789ab` → `worktree`

        **Verdict: breaking** — 5 features changed: 1 breaking, 1 meaning, 1 cosmetic; 1 added, 1 removed, 1 moved; 1 promoted

        | feature | version | status | stage | impact |
        | --- | ---: | --- | --- | --- |
        | new\_signal | 2 | added | explore | — |
        | old\_signal | 1 | removed | deprecated | — |
        | payment\_method | 1 | moved | shadow | **breaking** |
        | product\_title\_embedding | 1 | modified | candidate | **cosmetic** |
        | user\_txn\_count\_7d | 1 | modified | shadow → production (promoted) | **meaning** |

        <sub><b>breaking</b>: consumers fail or misread · <b>meaning</b>: same shape, different values: silent for consumers · <b>compatible</b>: values unchanged, contract widened or operations changed · <b>cosmetic</b>: no effect on values or consumers</sub>

        <details><summary><b>new_signal v2</b> — added</summary>

        - file: `features/new_signal_v2.yaml`
        - enters at explore

        </details>

        <details><summary><b>old_signal</b> — removed</summary>

        - file: `features/old_signal.yaml`
        - was at deprecated
        - removed: consumers of this identity lose it

        </details>

        <details><summary><b>payment_method</b> — moved, breaking, 1 change</summary>

        - file: `features/payments/payment_method.yaml` (moved from `features/payment_method.yaml`)

        | impact | field | before → after | why |
        | --- | --- | --- | --- |
        | breaking | `categorical.vocabulary` | `[card, bank, wallet]` → `[card, bank, wallet, crypto]` | the one-hot dimension changes, so models trained on 3 columns cannot read it |

        </details>

        <details><summary><b>product_title_embedding</b> — modified, cosmetic, 1 change</summary>

        - file: `features/product_title_embedding.yaml`

        | impact | field | before → after | why |
        | --- | --- | --- | --- |
        | cosmetic | `description` | `Titles \| embedded.` → `Product titles, embedded.` | documentation only; values and consumers are unaffected |

        </details>

        <details><summary><b>user_txn_count_7d</b> — modified, meaning, 3 changes</summary>

        - file: `features/payments/user_txn_count_7d.yaml`
        - stage shadow → production (promoted)

        | impact | field | before → after | why |
        | --- | --- | --- | --- |
        | meaning | `aggregation.window` | `7d` → `30d` | values are no longer comparable with those a model was trained on |
        | meaning | `source.filter` | `status = 'settled'` → `` `channel` <> 'test' AND status = 'settled' AND amount > 0 A… `` | a different set of rows feeds the values |
        | compatible | `sla.freshness` | *unset* → `1h` | the serving promise changes, the values do not |

        </details>

        """#
}
