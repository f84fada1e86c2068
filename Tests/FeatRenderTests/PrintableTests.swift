import Testing

@testable import FeatRender

/// Text output escapes exactly the characters that could break or start a line (C0 and C1
/// controls, DEL, the line and paragraph separators) and keeps every other one as it is.
@Suite("Printable text: control characters made visible, nothing else touched")
struct PrintableTests {
    static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }

    @Test("each of the first 12,288 characters, alone and between others, is escaped exactly when it is a control")
    func everyCharacter() {
        for value in UInt32(0)..<0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let c = String(Character(scalar))
            for text in [c, "a\(c)b", "é\(c)→", "→\(c)", "\u{C2}\(c)", "\u{2020}\(c)"] {
                let control = text.unicodeScalars.contains { Self.isControl($0.value) }
                #expect(
                    (printable(text) != text) == control, "U+\(String(value, radix: 16)) in \(text.debugDescription)")
            }
        }
    }

    @Test("escapes read as what they stand for; arrows, accents and emoji stay")
    func escapes() {
        #expect(printable("a\nb\tc\rd") == "a\\nb\\tc\\rd")
        #expect(printable("x\u{85}y\u{2028}z\u{2029}\u{1B}[31m") == "x\\u{85}y\\u{2028}z\\u{2029}\\u{1B}[31m")
        #expect(printable("aggregation.window 7d → 1d: café 👍 \u{A0}") == "aggregation.window 7d → 1d: café 👍 \u{A0}")
        #expect(printable("") == "")
    }
}
