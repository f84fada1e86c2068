import FeatModel
import Testing

@Suite("Durations")
struct DurationTests {
    @Test(
        "durations are compared by value",
        arguments: [("7d", "168h"), ("2w", "14d"), ("1h", "60m"), ("90s", "90s"), ("1m", "60s"), ("1w", "604800s")])
    func equal(a: String, b: String) throws {
        let x = try #require(FeatureDuration(a))
        let y = try #require(FeatureDuration(b))
        #expect(x == y)
        #expect(x.hashValue == y.hashValue)
        #expect(Value.duration(x) == Value.duration(y))
        #expect(Set([x, y]).count == 1)
    }

    @Test(
        "each unit counts seconds",
        arguments: [("90s", 90), ("30m", 1_800), ("1h", 3_600), ("7d", 604_800), ("2w", 1_209_600)] as [(String, Int64)]
    )
    func seconds(text: String, seconds: Int64) throws {
        #expect(try #require(FeatureDuration(text)).seconds == seconds)
    }

    @Test("durations order by length, not by text")
    func ordering() throws {
        let durations = try ["1d", "90s", "2w", "25h", "30m"].map { try #require(FeatureDuration($0)) }
        #expect(durations.sorted().map(\.text) == ["90s", "30m", "1d", "25h", "2w"])
        #expect(try #require(FeatureDuration("7d")) != FeatureDuration("30d"))
    }

    @Test("a duration keeps its text, trimmed, for messages")
    func text() throws {
        let d = try #require(FeatureDuration(" 168h "))
        #expect(d.text == "168h")
        #expect(d.description == "168h")
        #expect(Value.duration(d).display == "168h")
    }

    @Test(
        "what is not a duration",
        arguments: [
            "", "d", "7", "7 days", "7D", "1.5h", "-1d", "+1d", "7y", "1h30m", "1_000s", "9999999999999s", "７d",
        ])
    func invalid(text: String) {
        #expect(FeatureDuration(text) == nil)
    }
}

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test(
        "valid dates, with or without a time",
        arguments: ["2026-01-01", "2024-02-29", "2000-02-29", "2026-12-31", "2026-06-01T12:00:00Z", "2026-06-01 12:00"])
    func valid(text: String) {
        #expect(CalendarDate(text) != nil)
    }

    @Test(
        "invalid dates",
        arguments: [
            "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "2026-02-29", "1900-02-29", "2026-02-30",
            "2026-04-31", "2026-06-31", "2026-09-31", "2026-11-31", "26-01-01", "2026-1-01", "2026/01/01",
            "2026-01-01x",
            "+202-01-01", "2026-+1-01", "yesterday", "",
        ])
    func invalid(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test("dates compare as days and print padded")
    func ordering() throws {
        let a = try #require(CalendarDate("2026-06-01T23:59:59Z"))
        let b = try #require(CalendarDate("2026-06-02"))
        #expect(a < b)
        #expect(a == CalendarDate(year: 2026, month: 6, day: 1))
        #expect(CalendarDate(year: 26, month: 1, day: 2).description == "0026-01-02")
    }
}

@Suite("Names and suggestions")
struct NamesTests {
    @Test(
        "valid feature names",
        arguments: ["a", "user_txn_count_7d", "user.account_age", "a1.b2.c3", String(repeating: "a", count: 128)])
    func valid(name: String) {
        #expect(FeatureName.isValid(name))
    }

    @Test(
        "invalid feature names",
        arguments: [
            "", "User", "1abc", "_a", "a-b", "a b", "a.", ".a", "a..b", "../etc/passwd", "a/b", "é",
            String(repeating: "a", count: 129),
        ])
    func invalid(name: String) {
        #expect(!FeatureName.isValid(name))
    }

    @Test(
        "the closest known word is suggested",
        arguments: [("ownr", "owner"), ("stages", "stage"), ("Owner", "owner"), ("int65", "int64")])
    func closest(word: String, expected: String) {
        #expect(Suggestion.closest(to: word, in: ["feature", "owner", "stage", "int64", "int32"]) == expected)
    }

    @Test("nothing is suggested for a word far from every candidate")
    func farAway() {
        #expect(Suggestion.closest(to: "colour", in: ["feature", "owner", "stage"]) == nil)
        #expect(Suggestion.hint(for: "colour", in: ["owner"]) == "")
        #expect(Suggestion.closest(to: "x", in: [String]()) == nil)
    }

    @Test("a hint is a parenthesised question")
    func hint() {
        #expect(Suggestion.hint(for: "ownr", in: ["owner"]) == " (did you mean 'owner'?)")
    }

    @Test("ties are broken the same way whatever the order of the candidates")
    func deterministicTies() {
        // "tyme" is one edit from both "time" and "type".
        #expect(Suggestion.closest(to: "tyme", in: ["type", "time"]) == "time")
        #expect(Suggestion.closest(to: "tyme", in: ["time", "type"]) == "time")
        // Candidates from a Set come in a different order in every process.
        #expect(Suggestion.closest(to: "tyme", in: Set(["type", "time", "tame", "tyre"])) == "tame")
    }
}

@Suite("Identity, kinds and types")
struct IdentityTests {
    @Test("an identity prints its version only past 1")
    func description() {
        #expect(Identity(feature: "f", version: 1).description == "f")
        #expect(Identity(feature: "f", version: 3).description == "f v3")
    }

    @Test("identities sort by name, then version")
    func ordering() {
        let ids = [
            Identity(feature: "b", version: 1), Identity(feature: "a", version: 2), Identity(feature: "a", version: 1),
        ]
        #expect(ids.sorted().map(\.description) == ["a", "a v2", "b"])
    }

    @Test("only scalar has no block of its own")
    func kindBlocks() {
        #expect(Kind.allCases.map(\.block) == [nil, "aggregation", "categorical", "map", "embedding"])
    }

    @Test(
        "widening: every value of the old type fits the new one",
        arguments: [
            (DataType.int32, DataType.int64, true), (.float32, .float64, true), (.int32, .float64, true),
            (.int64, .int32, false), (.int64, .float64, false), (.float64, .float32, false), (.int32, .int32, false),
            (.string, .bytes, false),
        ])
    func widening(from: DataType, to: DataType, widens: Bool) {
        #expect(from.widens(to: to) == widens)
    }
}

@Suite("Values")
struct ValueTests {
    static let value = Value.map([
        "a": .map(["b": .map(["c": .int(1)])]), "s": .string("  "), "l": .list([]), "m": .map([:]), "n": .null,
        "z": .bool(false), "zero": .int(0),
    ])

    @Test("a dotted path walks nested maps")
    func path() {
        #expect(Self.value[path: "a.b.c"] == .int(1))
        #expect(Self.value[path: "a.b"] == .map(["c": .int(1)]))
        #expect(Self.value[path: "a.x"] == nil)
        #expect(Self.value[path: "a.b.c.d"] == nil)
    }

    @Test("present means not null and not empty; false and zero are present")
    func presence() {
        #expect(Self.value[path: "s"]?.isPresent == false)
        #expect(Self.value[path: "l"]?.isPresent == false)
        #expect(Self.value[path: "m"]?.isPresent == false)
        #expect(Self.value[path: "n"]?.isPresent == false)
        #expect(Self.value[path: "z"]?.isPresent == true)
        #expect(Self.value[path: "zero"]?.isPresent == true)
        #expect(Self.value[path: "a"]?.isPresent == true)
    }

    @Test(
        "values display briefly, maps in key order",
        arguments: [
            (Value.null, "null"), (.bool(true), "true"), (.int(-2), "-2"), (.number(0.5), "0.5"), (.number(2), "2.0"),
            (.string("x"), "x"), (.list([.int(1), .string("a")]), "[1, a]"),
            (.map(["b": .int(2), "a": .list([])]), "{a: [], b: 2}"),
        ])
    func display(value: Value, text: String) {
        #expect(value.display == text)
    }
}
