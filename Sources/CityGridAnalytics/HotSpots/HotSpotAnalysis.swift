import CityGridCore
import CityGridGeometry
import Foundation

/// Hot spots of cases over the unit grids (热点分析): for a period and a category group, the cases per
/// grid, Getis-Ord Gi* over queen contiguity, each grid's z-score, p-value and class.
///
/// The weights depend only on the grids, so they are built once per city and reused by every
/// analysis (``init(grids:)``: about 10 ms for 50,000 grids).
public struct HotSpotAnalysis: Sendable {
    /// One grid's result.
    public struct Cell: Sendable, Hashable {
        public var gridCode: RegionCode
        public var cases: Int
        public var z: Double
        public var p: Double
        public var hotSpotClass: HotSpotClass
    }

    public let gridCodes: [RegionCode]
    public let weights: QueenContiguity

    public init(grids: [UnitGrid]) {
        gridCodes = grids.map(\.code)
        weights = QueenContiguity(polygons: grids.map(\.boundary))
    }

    /// Cases per grid reported in `period` of the category group `category` (every case when `nil`),
    /// then Gi*.
    public func run(facts: CaseFacts, period: EvaluationPeriod, category: CategoryPrefix? = nil) throws(DomainError) -> [Cell] {
        guard facts.dimensions.gridCodes == gridCodes else {
            throw DomainError(.conflict, code: "grids_changed", zh: "网格已变化，请重新启动", en: "The grids changed since the facts were built: restart")
        }
        var counts = [Double](repeating: 0, count: gridCodes.count)
        var filter = FactFilter(period: period)
        filter.category = category
        filter.forEachRow(in: facts) { row in
            let g = Int(facts.grid[row])
            if g >= 0 { counts[g] += 1 }
        }
        let result: GiStarResult
        do {
            result = try GetisOrdGiStar.compute(values: counts, weights: weights)
        } catch .constantValues {
            // Every grid alike (a period with no case yet): nothing stands out.
            return gridCodes.indices.map { Cell(gridCode: gridCodes[$0], cases: Int(counts[$0]), z: 0, p: 1, hotSpotClass: .notSignificant) }
        } catch {
            throw error.domainError
        }
        return gridCodes.indices.map {
            Cell(gridCode: gridCodes[$0], cases: Int(counts[$0]), z: result.z[$0], p: result.p[$0], hotSpotClass: result.classes[$0])
        }
    }
}
