import FeatTestSupport
import Foundation
import Testing

@Suite("Colour only on a terminal, never with NO_COLOR")
struct TerminalTests {
    /// Runs feat under a pseudo-terminal (util-linux `script`), as a user at a shell would.
    func onTerminal(_ command: String, in dir: String, noColor: Bool) throws -> String {
        let script = try #require(Program.path("script"))
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = noColor ? "1" : nil
        let r = try Run.process(script, ["-qec", "\(FeatBinary.path) \(command)", "/dev/null"], in: dir, env: env)
        try #require(r.status == 0, "script -qec 'feat \(command)': exit \(r.status): \(r.stderr)")
        return r.stdout
    }

    @Test(
        "escape codes on a terminal; none with NO_COLOR; none into a pipe",
        .needsProgram("script", install: "apt-get install bsdutils (util-linux's script)"))
    func colour() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("one")
        let coloured = try onTerminal("list", in: repo.path, noColor: false)
        let plain = try onTerminal("list", in: repo.path, noColor: true)
        #expect(coloured.contains("\u{1B}["))
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains("FEATURE"))
        let piped = try FeatBinary.run(["list"], in: repo.path, env: ["NO_COLOR": ""])
        #expect(!piped.stdout.contains("\u{1B}["))
    }
}
