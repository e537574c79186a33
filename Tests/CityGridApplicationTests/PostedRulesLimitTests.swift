import CityGridApplication
import CityGridCore
import CityGridService
import CityGridSimulation
import Foundation
import Testing

/// The bound on a posted rule file's answer: subjects × indicators at most
/// ``CityApplication/postedRulesLimit``'s figures, checked before the evaluation runs.
@Suite struct PostedRulesLimitTests {
    /// A city with more grids than the small one: the figures bound is reached within the file's own
    /// bounds only where grids × the most indicators a file may hold exceed it (the small city's
    /// 1,200 grids × 200 indicators stay under 250,000).
    static let city = DemoCityGenerator.generate(DemoCityOptions(seed: 1, grids: 2000, communities: 24, subdistricts: 6, districts: 3, components: 0),
                                                 catalogue: try! ShippedData.catalogue(), calendar: .chinaDefault)

    /// A rule file by grid of `indicators` indicators.
    static func rules(indicators: Int) -> String {
        let lines = ["ruleset limit", "label 上限 | Limit", "subject grid"]
            + (0..<indicators).map { "indicator i\($0) = rate closed / all ; weight 1" }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aFileWhoseAnswerExceedsTheFiguresBoundIsRefusedAndOneAtItIsEvaluated() async throws {
        let f = try await ApplicationFixture(city: Self.city)
        let limit = CityApplication.postedRulesLimit
        let grids = f.application.city.grids.count
        // The most indicators within the bound, and one more.
        let within = limit.figures / grids, over = within + 1
        try #require(within >= 1 && over <= limit.indicators, "\(grids) grids: the figures bound is out of a file's reach")
        #expect(grids * within <= limit.figures && grids * over > limit.figures)
        let admin = f.caller("admin")

        let refused = Self.rules(indicators: over)
        #expect(refused.utf8.count <= limit.bytes)
        do {
            _ = try await f.application.evaluation(.posted(refused), subject: "grid", period: "2026-10", for: admin)
            Issue.record("\(grids) grids × \(over) indicators were evaluated")
        } catch let error as DomainError {
            #expect(error.kind == .invalid && error.code == "too_many_figures" && error.field == "subject")
            #expect(error.message.en.contains("\(grids * over) figures (\(grids) subjects × \(over) indicators)"))
        }

        let answer = try await f.application.evaluation(.posted(Self.rules(indicators: within)), subject: "grid", period: "2026-10",
                                                        format: .csv, for: admin)
        let lines = String(decoding: answer.bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1 + grids)
        #expect(lines.first?.split(separator: ",", omittingEmptySubsequences: false).count == 2 + within + 5)
    }
}
