/// Whether a report may be merged into a parent case (合并): checked inside the merge's transaction,
/// on the parent and the child as they are then.
public enum MergeRule {
    /// Refuses the merge of `child` into `parent` (as read in the transaction; `nil` when there is no
    /// such case) unless the parent lies in the actor's `jurisdiction`, is of `category`, is in one
    /// of `openStates` and is not itself merged, and the child has no merged reports of its own
    /// (`childDuplicates`, the number of cases merged into it).
    public static func check(parent: Case?, parentID: CaseID, category: CategoryCode, openStates: Set<CaseState>,
                             jurisdiction: RegionCode?, childDuplicates: Int) throws(DomainError) {
        guard let parent, jurisdiction.map({ $0.contains(parent.chain.grid) }) ?? true else {
            throw DomainError.invalidField("parent_case_id", zh: "没有案件 \(parentID)", en: "No case \(parentID) in your jurisdiction")
        }
        guard parent.category == category, openStates.contains(parent.state), parent.parentCaseID == nil else {
            throw DomainError(.conflict, code: "parent_not_open", field: "parent_case_id",
                              zh: "案件 \(parent.number) 不是同类别的在办案件，不能合并", en: "Case \(parent.number) is not an open case of the same category")
        }
        guard childDuplicates == 0 else {
            throw DomainError(.conflict, code: "has_duplicates", field: "action",
                              zh: "本案已有合并的重复上报，请先撤销", en: "Other reports are merged into this case: unmerge them first")
        }
    }
}
