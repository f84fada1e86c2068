// Fuzz target, differential: whenever the fast line scan that `feat history` uses answers,
// the full parser reads a feature with the same identity (name, version) and stage.
import CFuzzDriver
import FeatModel
import FuzzSupport

func fail(_ message: String) -> Never { fuzzFinding("FuzzScan", message) }

let status = feat_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    let bytes = fuzzInput(data, size)
    guard let scanned = StageScan.read(bytes) else { return 0 }
    let parsed = FeatureParser.parse(bytes, path: "features/f.yaml")
    guard let feature = parsed.feature else {
        fail(
            "the scan read \(scanned.identity.feature)@\(scanned.stage), the parser no feature: "
                + "\(parsed.problems.first?.message ?? "")")
    }
    if feature.identity != scanned.identity || feature.stage != scanned.stage {
        fail(
            "the scan read \(scanned.identity.feature) v\(scanned.identity.version) \(scanned.stage), "
                + "the parser \(feature.identity.feature) v\(feature.identity.version) \(feature.stage)")
    }
    return 0
}
fuzzExit(status)
