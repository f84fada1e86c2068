#!/usr/bin/env python3
"""Writes the checked-in seed corpus of the fuzz targets (Fuzz/Corpus/<target>/).

Seeds are real files of this repository (examples/, templates/, .featurerepo/) and small
structure-aware files for shapes where a line scan and YAML part ways, or where a reader
can go quadratic: quoted scalars continued over lines, an indented root, `null`, dotted
keys, anchors and aliases, CRLF, flow collections, block scalars. Run it again after
adding a shape; file names are content hashes, so it is idempotent.

    python3 Fuzz/make_seeds.py
"""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Fuzz" / "Corpus"

BASE = "feature: f\nversion: 1\nstage: explore\nkind: scalar\nowner: a@example.com\n"

FEATURE_SHAPES = [
    # Quoted scalars continued over lines, opened at the top level or on an indented line.
    ' feature: f\n stage: explore\n x: "\nfeature: g\nstage: production\n#"\n',
    'feature: f\nstage: explore\nsource:\n  table: "a\nversion: 2\n#"\n',
    "feature: f\nstage: explore\nsource:\n  table: 'a\nstage: production\n'\n",
    'feature: f\ndescription: "abc\nstage: production"\nstage: explore\n',
    'feature: f\ndescription: "abc \\"\nstage: production # "\n',
    "feature: f\ndescription: 'it''s\n  more'\nstage: explore\n",
    # An indented root, an indented first line.
    " feature: f\n stage: explore\n",
    "  # c\nfeature: f\nstage: explore\n",
    # Null spelt several ways.
    "feature: f\nstage: null\n",
    "feature: null\nstage: explore\n",
    "feature: f\nstage: ~\n",
    "feature: f\nstage: NULL\nversion: null\n",
    "feature: f\nstage:\nversion:\n",
    # Errors on indented lines the parser refuses.
    "feature: f\nstage: explore\nx:\n  [\n",
    "feature: f\nstage: explore\nsource:\n  table: a\n  table: b\n",
    "feature: f\nstage: explore\nx-a: *nope\n",
    "feature: f\nstage: explore\nx-a:\n" + "".join("  " * i + "-\n" for i in range(1, 70)),
    "feature: f\nstage: explore\nx-a: " + "[" * 70 + "]" * 70 + "\n",
    # Dotted keys beside nested paths.
    BASE + 'expectations: {"a.b": 1, a: {b: 2}}\n',
    BASE + "expectations:\n  a.b: 1\n  a:\n    b: 2\n",
    BASE + "x-a.b: 1\nx-a:\n  b: 2\n",
    # Anchors and aliases.
    BASE + "tags: [&a " + "a" * 200 + ", " + ", ".join(["*a"] * 50) + "]\n",
    BASE + 'tags: [&a "' + "a" * 200 + '", ' + ", ".join(["*a"] * 50) + "]\n",
    BASE + "x-a: &a {k: v, l: [1, 2]}\nx-b: *a\nx-c: [*a, *a]\n",
    BASE + "x-a: &a [a, b]\nx-b: &b [*a, *a]\nx-c: [*b, *b, *b]\n",
    "feature: &n f\nstage: explore\nx-n: *n\n",
    # CRLF, also inside values.
    "feature: f\r\nstage: explore\r\nowner: a\r\n",
    BASE + 'time: {ttl: "1d\\r\\n"}\nhypothesis: "\\r\\n"\n',
    BASE.replace("\n", "\r\n") + "description: |\r\n  a\r\n  b\r\n",
    "feature: f\rstage: production\nstage: explore\n",
    # Flow collections, block scalars, plain continuations, compact mappings.
    BASE + "entity: [user_id, merchant_id]\ntime: {event_time: at, ttl: 1d}\n",
    BASE + "evidence:\n  - {date: 2026-01-01, metric: auc, value: 0.1, note: \"x, y\"}\n",
    BASE + "evidence:\n- date: 2026-01-01\n  metric: auc\n- date: 2026-02-01\n  metric: auc\n",
    BASE + "description: |\n  stage: production\n  feature: g\nsql: >-\n    version: 9\n",
    BASE + "description: a long\n  sentence\n\n  goes on\n",
    BASE + "description: a\n  b: c\n",
    "feature: f\nstage: explore\n  and more\n",
    "feature: f\nversion: 2\nversion: 3\nstage: explore\n",
    "---\nfeature: f\nstage: explore\n...\n---\nfeature: g\n",
    "%YAML 1.1\n---\nfeature: f\nstage: !!str explore\n",
    "\ufefffeature: f\nstage: explore\n",
    "feature: f\nstage: explore\nowner: a\ufeffb\n",
    "feature: f\nstage: explore\nowner: a\u2028stage: production\n",
    "feature: f\nstage: explore\n? complex\n: key\n",
    "feature: f\nstage: explore\nx-\u00e9: 1\nx-b: caf\u00e9\n",
    # Tags (refused, the file still read): on scalars, collections, keys, under an anchor.
    BASE + "aggregation: {function: count, column: id, window: !w 7d}\n",
    BASE + "entity: !!set {user_id: null}\nx-a: !<tag:example.com,2026:x> 1\n",
    BASE + "!!str tags: [&t !t a, *t]\nevidence: [{n: !!int 10}]\n",
]

# The shapes of SPEC §10: inputs, window forms, list types with parameters, aggregated maps
# and embeddings, categoricals in the wild, defaults, sources, placeholders.
SHAPES_10 = [
    BASE + "entity: [user_id, recipient_id]\ninputs:\n  - {feature: a, version: 2, as: x}\n"
    + "  - {feature: b, as: home, key: {user_id: recipient_id}}\n  - {request: amt, type: list<float64>}\n"
    + "source: {expression: amt > x}\ntime: {event_time: request}\nbackfill: {source: request_log, start: 2024-01-01}\n",
    BASE + "inputs:\n  - {feature: a, as: x}\n  - {feature: b, as: x}\n  - {as: y}\n  - {request: r}\n",
    BASE.replace("scalar", "aggregation") + "role: label\ntype: list<int64>\nlength: fixed\n"
    + "aggregation: {function: last_k, column: c, window: lifetime, half_life: 50d, offset: -7d, params: {k: 10}}\n",
    BASE.replace("scalar", "aggregation") + "type: list<float64>\n"
    + "aggregation: {function: approx_percentile, window: 7d, series: {count: 4, step: 1d}, "
    + "params: {percentiles: [0.5, 0.9], percentile: 0.1, periods: -1}}\ntime: {accuracy: daily}\n",
    BASE.replace("scalar", "map") + "map: {key_type: string, value_type: int64, keys: closed, known_keys: [a], "
    + "null_key: __MISSING__}\naggregation: {function: sum, column: amount, window: 30d, group_by: category}\n"
    + "default: {a: 0}\n",
    BASE.replace("scalar", "embedding") + "embedding: {dimension: 2, dtype: float64, refit: {every: month}}\n"
    + "aggregation: {function: mean, column: x}\ndefault: [0.0, 0.0]\n",
    BASE.replace("scalar", "categorical") + "categorical:\n  fitted: {dataset: d, order: frequency, top_k: 10}\n"
    + "  multi_valued: true\n  max_values: 3\n  encoding: index\n  unseen: bucket\n  unseen_id: 0\n"
    + "  vocabulary: [a]\ndefault: ['']\n",
    BASE + "entity: none\ntype: int64\ndefault: no\nsource: {kind: snapshot, stream: {kind: kafka}, "
    + "mutations: {table: t, topic: u}}\n",
    BASE + "entity: [none, \"none\"]\nowner: TBD\nhypothesis: ' n/a '\ndefault: {}\n",
]
FEATURE_SHAPES += SHAPES_10
# Base and head across §10's rows: k and offset moved, percentiles reordered, an input
# re-versioned and re-keyed, a fitted vocabulary refitted.
DIFF_PAIRS_10 = [
    (SHAPES_10[2], SHAPES_10[2].replace("k: 10", "k: 20").replace("offset: -7d", "offset: 1d")),
    (SHAPES_10[3], SHAPES_10[3].replace("[0.5, 0.9]", "[0.9, 0.5]")),
    (SHAPES_10[0], SHAPES_10[0].replace("version: 2, ", "").replace("recipient_id}", "user_id}")),
    (SHAPES_10[6], SHAPES_10[6].replace("top_k: 10", "top_k: 20")),
]

POLICY_SHAPES = [
    "version: 1\nfeatures: [features]\nstages:\n  - name: explore\n    entry: true\n    requires: [feature]\n",
    "version: 1\nstages:\n  - name: explore\n    entry: true\n    requires: [owner | description, ttl if kind = map]\n",
    "version: 1\nstages:\n  - name: explore\n    entry: true\n  - name: done\n    from: [explore]\n",
    "version: 1\nwaiver_max_days: 30\ndeprecation_notice_days: 14\nrules: {FEAT001: off}\n",
    "version: 1\nstages:\n  - &s {name: explore, entry: true}\n  - *s\n",
    "version: 1\nstages:\n  - name: explore\n    entry: true\n    requires: ["
    + ", ".join(f"x-f{i}" for i in range(300)) + "]\n",
]


def write(folder: pathlib.Path, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    real = sorted((ROOT / "examples").rglob("*.yaml")) + sorted((ROOT / "templates" / "features").glob("*.yaml"))
    features = [p.read_bytes() for p in real] + [s.encode() for s in FEATURE_SHAPES]
    # Templates as `feat new` fills them in, too.
    features += [p.read_bytes().replace(b"{{name}}", b"sample_name").replace(b"{{owner}}", b"t@example.com")
                 for p in sorted((ROOT / "templates" / "features").glob("*.yaml"))]
    for data in features:
        write(CORPUS / "features", data)
    # Diff: a base and a head joined by a NUL byte. Each real file against an edit of itself.
    for data in features:
        text = data.decode("utf-8", "replace")
        edits = [
            text.replace("stage: explore", "stage: candidate").replace("stage: shadow", "stage: production"),
            text.replace("version: 1", "version: 2"),
            text + "x-extra: 1\n",
            text.replace("\n", "\r\n"),
        ]
        for edit in edits:
            write(CORPUS / "diff", data + b"\0" + edit.encode())
    write(CORPUS / "diff", (BASE + 'expectations: {"a.b": 1, a: {b: 2}}\n').encode() + b"\0"
          + (BASE + 'owner: b@example.com\nexpectations: {"a.b": 1, a: {b: 2}}\n').encode())
    for base, head in DIFF_PAIRS_10:
        write(CORPUS / "diff", base.encode() + b"\0" + head.encode())
    for path in [ROOT / "templates" / "config.yaml", ROOT / ".featurerepo" / "config.yaml"]:
        write(CORPUS / "policy", path.read_bytes())
    for shape in POLICY_SHAPES:
        write(CORPUS / "policy", shape.encode())


if __name__ == "__main__":
    main()
