/// Whether new grids may replace the city's (网格替换): references to the old grids and regions must
/// not be left dangling.
public enum GridReplacement {
    /// Something that names a region as its jurisdiction: a user or an organisation.
    public struct Reference: Hashable, Sendable {
        /// How a person reads it: "user NAME", "organisation CODE".
        public var who: String
        public var region: String

        public init(who: String, region: String) {
            self.who = who
            self.region = region
        }
    }

    /// Refuses (`conflict`) the replacement while `cases` or `components` refer to the current grids
    /// (unless `force`, which deletes them), and always while a reference names a region not among
    /// `newRegions`.
    public static func check(cases: Int, components: Int, force: Bool, references: [Reference],
                             newRegions: Set<String>) throws(DomainError) {
        if !force, cases + components > 0 {
            throw DomainError(.conflict, code: "grids_in_use", field: "force",
                              zh: "已有\(cases)个案件和\(components)个部件引用现有网格；加 --force 将删除它们",
                              en: "\(cases) cases and \(components) components refer to the current grids; --force deletes them")
        }
        let dangling = references.filter { !newRegions.contains($0.region) }.map { "\($0.who) (\($0.region))" }
        if !dangling.isEmpty {
            throw DomainError(.conflict, code: "regions_in_use", field: "jurisdiction",
                              zh: "以下用户或单位的辖区不在新网格中：\(dangling.prefix(10).joined(separator: "，"))",
                              en: "These users or organisations have a jurisdiction the new grids do not have: \(dangling.prefix(10).joined(separator: ", "))\(dangling.count > 10 ? " and \(dangling.count - 10) more" : "")")
        }
    }
}
