// Fuzz target: the consumer-file parser never crashes, never takes a second, never grows
// without bound, reads the same bytes the same way twice, and never reads a consumer without
// saying why it could not when it gives none.
import CFuzzDriver
import FeatModel
import FuzzSupport

func fail(_ message: String) -> Never { fuzzFinding("FuzzConsumer", message) }

let status = feat_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    let bytes = fuzzInput(data, size)
    let first = ConsumerParser.parse(bytes, path: "consumers/fuzz.yaml")
    let second = ConsumerParser.parse(bytes, path: "consumers/fuzz.yaml")
    if first != second { fail("two parses of the same bytes disagree") }
    if first.consumer == nil && first.problems.isEmpty { fail("no consumer and no problem") }
    return 0
}
fuzzExit(status)
