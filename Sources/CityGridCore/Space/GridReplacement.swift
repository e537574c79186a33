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

    /// Refuses (`conflict`) a new version that drops grids which cases or components still name
    /// (`casesOnRemoved`, `componentsOnRemoved`: how many name one of `removedGrids`), unless `force`,
    /// which deletes every case and component; and always while a reference names a region not among
    /// `newRegions`. A version that keeps every grid in use (boundaries redrawn, grids added) replaces
    /// the grids with the cases in place: a case keeps the grid it was geocoded to when reported.
    public static func check(removedGrids: Set<String>, casesOnRemoved: Int, componentsOnRemoved: Int, force: Bool,
                             references: [Reference], newRegions: Set<String>) throws(DomainError) {
        if !force, casesOnRemoved + componentsOnRemoved > 0 {
            let sample = removedGrids.sorted().prefix(5).joined(separator: ", ")
            throw DomainError(.conflict, code: "grids_in_use", field: "force",
                              zh: "新版本删去的网格（\(removedGrids.count)个，如 \(sample)）仍被\(casesOnRemoved)个案件和\(componentsOnRemoved)个部件引用；加 --force 将删除全部案件与部件",
                              en: "\(casesOnRemoved) cases and \(componentsOnRemoved) components refer to grids the new version drops (\(removedGrids.count), such as \(sample)); --force deletes every case and component")
        }
        let dangling = references.filter { !newRegions.contains($0.region) }.map { "\($0.who) (\($0.region))" }
        if !dangling.isEmpty {
            throw DomainError(.conflict, code: "regions_in_use", field: "jurisdiction",
                              zh: "以下用户或单位的辖区不在新网格中：\(dangling.prefix(10).joined(separator: "，"))",
                              en: "These users or organisations have a jurisdiction the new grids do not have: \(dangling.prefix(10).joined(separator: ", "))\(dangling.count > 10 ? " and \(dangling.count - 10) more" : "")")
        }
    }
}
