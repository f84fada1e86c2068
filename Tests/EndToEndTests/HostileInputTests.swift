import FeatTestSupport
import Foundation
import Testing

@Suite("Hostile feature files give one clear line, never a crash")
struct HostileInputTests {
    static let cases: [(String, Data, String)] = [
        ("alias bomb", Data(aliasBomb().utf8), "expands to more than"),
        (
            "deep nesting",
            Data(
                ("feature: x\nstage: explore\nx-deep: " + String(repeating: "[", count: 200_000)
                    + String(repeating: "]", count: 200_000) + "\n").utf8), "nested deeper than"
        ),
        (
            "6 MB",
            Data(("feature: x\nstage: explore\ndescription: " + String(repeating: "a", count: 6 << 20) + "\n").utf8),
            "larger than the limit"
        ),
        ("binary", Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0x02]), "binary content"),
        (
            "Latin-1", Data("feature: caf".utf8) + Data([0xE9]) + Data("\nstage: explore\n".utf8),
            "not valid UTF-8 (byte 0xE9)"
        ),
    ]

    static func aliasBomb() -> String {
        var text = "feature: x\nstage: explore\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 {
            text += "x-a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text
    }

    @Test(arguments: cases.map { $0.0 })
    func refused(name: String) throws {
        let (_, data, message) = Self.cases.first { $0.0 == name }!
        let repo = try featureRepo()
        try repo.write("features/hostile.yaml", data)
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1)
        let problems = r.lines.filter { $0.hasPrefix("features/hostile.yaml") }
        #expect(problems.count == 1, "\(r.stdout)")
        #expect(problems.first?.contains(message) == true, "\(r.stdout)")
        #expect(!r.stderr.contains("Fatal error"))
        // Committed, the same file does not stop list or history.
        try repo.commit("hostile")
        let h = try feat("history", "--format", "json", in: repo.path)
        #expect(h.status == 0, "\(h.stderr)")
    }

    @Test("a symlink pointing outside the repository is never followed nor printed")
    func symlinkOutside() throws {
        let repo = try featureRepo()
        try repo.write("features/ok.yaml", featureYAML("ok", stage: "explore"))
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feat-secret-\(UUID().uuidString).yaml"
        ).path
        try "feature: secret_target_content\nstage: explore\n".write(toFile: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: secret) }
        try FileManager.default.createSymbolicLink(
            atPath: repo.path + "/features/link.yaml", withDestinationPath: secret)
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("features/link.yaml: error: is a symbolic link"))
        #expect(!r.stdout.contains("secret_target_content"))
        #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret))
        try repo.commit("with link")
        let l = try feat("list", "--at", "HEAD", "--format", "json", in: repo.path)
        #expect(l.status == 0)
        #expect(!l.stdout.contains("secret_target_content"))
    }

    @Test("a BOM and CRLF line endings are accepted")
    func bomAndCRLF() throws {
        let repo = try featureRepo()
        try repo.write(
            "features/a.yaml",
            Data([0xEF, 0xBB, 0xBF])
                + Data("feature: a\r\nstage: explore\r\nkind: scalar\r\nowner: me\r\nhypothesis: h\r\n".utf8))
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 0, "\(r.stdout)")
    }
}
