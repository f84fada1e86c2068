import ArgumentParser
import FeatKit

#if canImport(Glibc)
    import Glibc
#endif

// A custom entry point: every outcome maps to exit 0, 1 or 2 (SPEC §6), including
// ArgumentParser's usage errors, which would otherwise exit 64.
do {
    try Feat.refuseUnknownSubcommand(Array(CommandLine.arguments.dropFirst()))
    var command = try Feat.parseAsRoot()
    try command.run()
    exit(0)
} catch let error as FeatError {
    Output.error(error.description)
    exit(2)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    let code = Feat.exitCode(for: error)
    var message = Feat.fullMessage(for: error)
    if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
    if code == .success {
        Output.out(message + "\n")
        exit(0)
    }
    Output.error(message)
    // Exit 1 means "findings", which only a command's own ExitCode(1) says; anything else
    // that ends up here (usage errors, an unexpected error) means the command could not run.
    exit(2)
}
