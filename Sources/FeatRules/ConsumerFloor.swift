import FeatModel

extension Policy {
    /// The lowest feature stage a consumer at `stage` may read (SPEC §8, FEAT012): for a
    /// production consumer the first frozen stage of the ladder, for a shadow consumer the
    /// stage named `shadow` (or, without one, the stage before the first frozen one); nil for
    /// consumers that no floor binds.
    public func consumerFloor(for stage: Consumer.Stage) -> String? {
        if let set = consumerFloors[stage.rawValue] { return set }
        let ladder = self.ladder
        guard let frozen = ladder.firstIndex(where: \.frozen) else { return nil }
        switch stage {
        case .production: return ladder[frozen].name
        case .shadow:
            if ladder.contains(where: { $0.name == "shadow" }) { return "shadow" }
            return ladder[max(0, frozen - 1)].name
        case .experiment, .retired: return nil
        }
    }

    /// Whether a feature at `stage` (in an exit stage: the stage it left, when known) meets a
    /// consumer's floor.
    public func meetsFloor(_ stage: String, left: String?, floor: String) -> Bool {
        let at = self.stage(stage)?.from != nil ? left : stage
        guard let at, let rank = ladder.firstIndex(where: { $0.name == at }),
            let needed = ladder.firstIndex(where: { $0.name == floor })
        else { return self.stage(stage)?.from != nil && left == nil }
        return rank >= needed
    }
}
