import FeatDiff
import FeatJSON
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
            path: "features/new_signal_v2.yaml", stageBefore: nil, stageAfter: "explore",
            events: [
                FeatureEvent(
                    .added, from: nil, to: "explore", impact: .additive,
                    message: "added at explore: a new identity; no existing consumer is affected")
            ], line: 1),
        FeatureChange(
            identity: Identity(feature: "old_signal", version: 1), status: .removed,
            path: "features/old_signal.yaml", stageBefore: "production", stageAfter: nil,
            events: [
                FeatureEvent(
                    .removed, from: "production", to: nil, impact: .breaking,
                    message: "removed at production: consumers of this identity lose it")
            ]),
        FeatureChange(
            identity: Identity(feature: "payment_method", version: 1), status: .moved,
            path: "features/payments/payment_method.yaml", previousPath: "features/payment_method.yaml",
            stageBefore: "shadow", stageAfter: "shadow",
            changes: [
                FieldChange(
                    field: "categorical.vocabulary", before: list(["card", "bank", "wallet"]),
                    after: list(["card", "bank", "wallet", "crypto"]), impact: .breaking,
                    message:
                        "vocabulary grew from 3 to 4 entries ('crypto' appended): the one-hot dimension changes, so models trained on 3 columns cannot read it",
                    reason: "the one-hot dimension changes, so models trained on 3 columns cannot read it")
            ], line: 12),
        FeatureChange(
            identity: Identity(feature: "product_title_embedding", version: 1), status: .modified,
            path: "features/product_title_embedding.yaml", stageBefore: "candidate", stageAfter: "candidate",
            changes: [
                FieldChange(
                    field: "description", before: .string("Titles | embedded."),
                    after: .string("Product titles, embedded."),
                    impact: .cosmetic,
                    message: "description reworded: documentation only; values and consumers are unaffected",
                    reason: "documentation only; values and consumers are unaffected")
            ], line: 7),
        FeatureChange(
            identity: Identity(feature: "user_txn_count_7d", version: 1), status: .modified,
            path: "features/payments/user_txn_count_7d.yaml", stageBefore: "shadow", stageAfter: "production",
            events: [
                FeatureEvent(
                    .promoted, from: "shadow", to: "production", impact: .compatible,
                    message:
                        "promoted shadow → production: values unchanged; the contract gains production's obligations")
            ],
            changes: [
                FieldChange(
                    field: "aggregation.window", before: d("7d"), after: d("30d"), impact: .meaning,
                    message:
                        "aggregation.window 7d → 30d: values are no longer comparable with those a model was trained on",
                    reason: "values are no longer comparable with those a model was trained on"),
                FieldChange(
                    field: "source.filter", before: .string("status = 'settled'"),
                    after: .string(
                        "`channel` <> 'test'\n  AND status = 'settled'\n  AND amount > 0\n  AND currency IN ('EUR', 'USD', 'GBP')"
                    ),
                    impact: .meaning,
                    message:
                        "source.filter changed at `status` → `` `channel` ``: a different set of rows feeds the values",
                    reason: "a different set of rows feeds the values"),
                FieldChange(
                    field: "sla.freshness", before: nil, after: d("1h"), impact: .compatible,
                    message: "sla.freshness set to 1h: the serving promise changes, the values do not",
                    reason: "the serving promise changes, the values do not"),
            ], line: 18),
        FeatureChange(
            identity: Identity(feature: "user_country", version: 1), status: .modified,
            path: "features/user_country.yaml", stageBefore: "production", stageAfter: "deprecated",
            events: [
                FeatureEvent(
                    .deprecated, from: "production", to: "deprecated", impact: .compatible,
                    message:
                        "deprecated (was production): values unchanged; consumers are given notice to move off by 2027-03-01"
                )
            ],
            changes: [
                FieldChange(
                    field: "categorical.vocabulary",
                    before: list([
                        "austria", "belgium", "bulgaria", "croatia", "cyprus", "czechia", "denmark", "estonia",
                    ]),
                    after: list([
                        "austria", "belgium", "bulgaria", "croatia", "cyprus", "czechia", "estonia", "denmark",
                    ]),
                    impact: .breaking,
                    message:
                        "vocabulary reordered ('estonia' moved before 'denmark'): every index from position 7 moves",
                    reason: "every index from position 7 moves")
            ], line: 3),
        FeatureChange(
            identity: Identity(feature: "features/broken.yaml", version: 1), identityKnown: false, status: .unreadable,
            path: "features/broken.yaml", stageBefore: nil, stageAfter: nil, line: 3,
            unreadable: UnreadableFile(
                side: .head, path: "features/broken.yaml",
                problem: Problem(.error, "expected a value after 'stage:'", line: 3))),
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
        #expect(
            DiffRender.markdown(DiffReport(features: []), base: "main", head: "worktree")
                == "### feat diff `main` → `worktree`\n\n**No semantic changes.**\n")
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
        #expect(
            json.contains(
                #""status":"moved","path":"features/payments/payment_method.yaml","old_path":"features/payment_method.yaml","stage":{"before":"shadow","after":"shadow"},"impact":"breaking""#
            ))
    }

    @Test("a removed production feature reads as breaking in JSON, text and the markdown verdict")
    func removalIsBreaking() {
        let report = DiffReport(features: [DiffSample.report.features[1]])
        let json = DiffRender.json(report, base: "abc", head: "def").serialized(pretty: false)
        #expect(
            json.contains(
                #""status":"removed","path":"features/old_signal.yaml","stage":{"before":"production","after":null},"impact":"breaking""#
            ))
        let markdown = DiffRender.markdown(report, base: "abc", head: "def")
        #expect(markdown.contains("**Verdict: breaking**"))
        #expect(!markdown.contains("no change to an existing contract"))
        #expect(markdown.contains("consumers of this identity lose it"))
        let text = DiffRender.text(report, style: .plain)
        #expect(text.hasPrefix("old_signal  removed  breaking  features/old_signal.yaml\n"))
        #expect(text.hasSuffix("1 feature changed: 1 breaking; 1 removed\n"))
    }

    @Test("production → deprecated is shown as deprecated with its impact, never as promoted")
    func deprecationNotPromotion() {
        let report = DiffReport(features: [DiffSample.report.features[5]])
        let markdown = DiffRender.markdown(report, base: "abc", head: "def")
        #expect(markdown.contains("| production → deprecated (deprecated) |"))
        #expect(markdown.contains("- **compatible** — deprecated (was production)"))
        #expect(!markdown.contains("promoted"))
        let text = DiffRender.text(report, style: .plain)
        #expect(text.contains("  compatible deprecated (was production)"))
        #expect(!text.contains("promoted"))
        #expect(text.hasSuffix("; 1 deprecated\n"))
        let json = DiffRender.json(report, base: "abc", head: "def").serialized(pretty: false)
        #expect(
            json.contains(
                #""events":[{"event":"deprecated","from":"production","to":"deprecated","impact":"compatible","#))
    }

    @Test("a long list is not cut into two look-alike prefixes: sizes, and the message naming what moved")
    func longListsNameTheEntries() {
        let markdown = DiffRender.markdown(DiffReport(features: [DiffSample.report.features[5]]), base: "a", head: "b")
        #expect(
            markdown.contains(
                "| breaking | `categorical.vocabulary` | *8 entries* → *8 entries* | vocabulary reordered ('estonia' moved before 'denmark'): every index from position 7 moves |"
            ))
        #expect(!markdown.contains("`[austria, belgium"))
        // A short list still shows both values.
        #expect(
            DiffRender.markdown(DiffReport(features: [DiffSample.report.features[2]]), base: "a", head: "b")
                .contains("`[card, bank, wallet]` → `[card, bank, wallet, crypto]`"))
    }

    @Test("an unreadable file: JSON with problem, line and a null impact; text and markdown with file:line")
    func unreadable() {
        let report = DiffReport(features: [DiffSample.report.features[6]])
        let json = DiffRender.json(report, base: "abc", head: "def").serialized(pretty: false)
        #expect(
            json
                == #"{"base":"abc","head":"def","features":[{"feature":null,"version":null,"status":"unreadable","path":"features/broken.yaml","stage":{"before":null,"after":null},"impact":null,"events":[],"changes":[],"problem":"expected a value after 'stage:'","line":3,"unreadable_at":"head","unreadable_path":"features/broken.yaml"}]}"#
        )
        let text = DiffRender.text(report, style: .plain)
        #expect(
            text
                == "features/broken.yaml  unreadable  not compared\n  unreadable at head: features/broken.yaml:3: expected a value after 'stage:'\n\n1 feature changed: 1 unreadable\n"
        )
        let markdown = DiffRender.markdown(report, base: "abc", head: "def")
        #expect(markdown.contains("**Verdict: incomplete**"))
        #expect(markdown.contains("**1 file could not be read and was not compared:** `features/broken.yaml:3`."))
        #expect(markdown.contains("| `features/broken.yaml` | — | unreadable |  | not compared |"))
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
        {"base":"abc","head":"worktree","features":[{"feature":"user_txn_count_7d","version":1,"status":"modified","path":"features/payments/user_txn_count_7d.yaml","stage":{"before":"shadow","after":"production"},"impact":"meaning","events":[{"event":"promoted","from":"shadow","to":"production","impact":"compatible","message":"promoted shadow → production: values unchanged; the contract gains production's obligations"}],"changes":[{"field":"aggregation.window","before":"7d","after":"30d","impact":"meaning","message":"aggregation.window 7d → 30d: values are no longer comparable with those a model was trained on"},{"field":"source.filter","before":"status = 'settled'","after":"`channel` <> 'test'\n  AND status = 'settled'\n  AND amount > 0\n  AND currency IN ('EUR', 'USD', 'GBP')","impact":"meaning","message":"source.filter changed at `status` → `` `channel` ``: a different set of rows feeds the values"},{"field":"sla.freshness","before":null,"after":"1h","impact":"compatible","message":"sla.freshness set to 1h: the serving promise changes, the values do not"}]},{"feature":"new_signal","version":2,"status":"added","path":"features/new_signal_v2.yaml","stage":{"before":null,"after":"explore"},"impact":"additive","events":[],"changes":[]}]}
        """#

    static let expectedText = """
        new_signal v2  added  additive  features/new_signal_v2.yaml
          additive   added at explore: a new identity; no existing consumer is affected

        old_signal  removed  breaking  features/old_signal.yaml
          breaking   removed at production: consumers of this identity lose it

        payment_method  moved  breaking  features/payments/payment_method.yaml
          moved from features/payment_method.yaml
          breaking   vocabulary grew from 3 to 4 entries ('crypto' appended): the one-hot dimension changes, so models trained on 3 columns cannot read it

        product_title_embedding  modified  cosmetic  features/product_title_embedding.yaml
          cosmetic   description reworded: documentation only; values and consumers are unaffected

        user_txn_count_7d  modified  meaning  features/payments/user_txn_count_7d.yaml
          compatible promoted shadow → production: values unchanged; the contract gains production's obligations
          meaning    aggregation.window 7d → 30d: values are no longer comparable with those a model was trained on
          meaning    source.filter changed at `status` → `` `channel` ``: a different set of rows feeds the values
          compatible sla.freshness set to 1h: the serving promise changes, the values do not

        user_country  modified  breaking  features/user_country.yaml
          compatible deprecated (was production): values unchanged; consumers are given notice to move off by 2027-03-01
          breaking   vocabulary reordered ('estonia' moved before 'denmark'): every index from position 7 moves

        features/broken.yaml  unreadable  not compared
          unreadable at head: features/broken.yaml:3: expected a value after 'stage:'

        7 features changed: 3 breaking, 1 meaning, 1 additive, 1 cosmetic; 1 added, 1 removed, 1 moved, 1 unreadable; 1 promoted, 1 deprecated

        """

    static let expectedMarkdown = #"""
        ### feat diff `0123456789ab` → `worktree`

        **Verdict: breaking** — 7 features changed: 3 breaking, 1 meaning, 1 additive, 1 cosmetic; 1 added, 1 removed, 1 moved, 1 unreadable; 1 promoted, 1 deprecated

        **1 file could not be read and was not compared:** `features/broken.yaml:3`. The verdict covers the rest.

        | feature | version | status | stage | impact |
        | --- | ---: | --- | --- | --- |
        | new\_signal | 2 | added | explore | **additive** |
        | old\_signal | 1 | removed | production | **breaking** |
        | payment\_method | 1 | moved | shadow | **breaking** |
        | product\_title\_embedding | 1 | modified | candidate | **cosmetic** |
        | user\_txn\_count\_7d | 1 | modified | shadow → production (promoted) | **meaning** |
        | user\_country | 1 | modified | production → deprecated (deprecated) | **breaking** |
        | `features/broken.yaml` | — | unreadable |  | not compared |

        <sub><b>breaking</b>: consumers fail or misread · <b>meaning</b>: same shape, different values: silent for consumers · <b>compatible</b>: values unchanged, contract widened or operations changed · <b>additive</b>: new optional information; consumers unaffected · <b>cosmetic</b>: no effect on values or consumers</sub>

        <details><summary><b>new_signal v2</b> — added, additive</summary>

        - file: `features/new_signal_v2.yaml`
        - **additive** — added at explore: a new identity; no existing consumer is affected

        </details>

        <details><summary><b>old_signal</b> — removed, breaking</summary>

        - file: `features/old_signal.yaml`
        - **breaking** — removed at production: consumers of this identity lose it

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

        <details><summary><b>user_txn_count_7d</b> — modified, meaning, 3 changes, promoted</summary>

        - file: `features/payments/user_txn_count_7d.yaml`
        - **compatible** — promoted shadow → production: values unchanged; the contract gains production's obligations

        | impact | field | before → after | why |
        | --- | --- | --- | --- |
        | meaning | `aggregation.window` | `7d` → `30d` | values are no longer comparable with those a model was trained on |
        | meaning | `source.filter` | `status = 'settled'` → `` `channel` <> 'test'\n  AND status = 'settled'\n  AND amount… `` | a different set of rows feeds the values |
        | compatible | `sla.freshness` | *unset* → `1h` | the serving promise changes, the values do not |

        </details>

        <details><summary><b>user_country</b> — modified, breaking, 1 change, deprecated</summary>

        - file: `features/user_country.yaml`
        - **compatible** — deprecated (was production): values unchanged; consumers are given notice to move off by 2027-03-01

        | impact | field | before → after | why |
        | --- | --- | --- | --- |
        | breaking | `categorical.vocabulary` | *8 entries* → *8 entries* | vocabulary reordered ('estonia' moved before 'denmark'): every index from position 7 moves |

        </details>

        <details open><summary><b>features/broken.yaml</b> — unreadable, not compared</summary>

        - file: `features/broken.yaml`
        - unreadable at head: `features/broken.yaml:3` — expected a value after 'stage:'

        </details>

        """#
}

@Suite("Renderings stay small when values are huge")
struct HugeValueRenderTests {
    @Test(
        "markdown and text cut a 10,000-item list of 100,000-character strings within the cell, never rendering it whole"
    )
    func hugeList() {
        let big = String(repeating: "a", count: 100_000)
        let before = Value.list(Array(repeating: .string(big), count: 10_000))
        let after = Value.list(Array(repeating: .string(big), count: 9_999))
        let report = DiffReport(features: [
            FeatureChange(
                identity: Identity(feature: "f", version: 1), status: .modified, path: "features/f.yaml",
                stageBefore: "explore", stageAfter: "explore",
                changes: [
                    FieldChange(field: "tags", before: before, after: after, impact: .cosmetic, message: "tags changed")
                ])
        ])
        let markdown = DiffRender.markdown(report, base: "main", head: "worktree")
        #expect(markdown.utf8.count < 4_000, "\(markdown.utf8.count) bytes")
        let text = DiffRender.text(report, style: Style(colour: false))
        #expect(text.utf8.count < 4_000, "\(text.utf8.count) bytes")
    }
}
