import CityGridAnalytics
import CityGridCore
import CityGridGeometry
import Foundation
import Testing

@Suite("Getis-Ord Gi*")
struct GetisOrdGiStarTests {
    /// `count` unit squares in a row: square i neighbours only i - 1 and i + 1.
    func strip(_ count: Int) -> QueenContiguity {
        QueenContiguity(polygons: (0 ..< count).map { square(Double($0), 0) })
    }

    func square(_ x: Double, _ y: Double) -> Polygon {
        Polygon(exterior: [GeoPoint(lon: x, lat: y), GeoPoint(lon: x + 1, lat: y), GeoPoint(lon: x + 1, lat: y + 1), GeoPoint(lon: x, lat: y + 1)])
    }

    @Test("Hand values on a strip of four: y = 0, 0, 0, 4")
    func handValues() throws {
        // n = 4, ȳ = 1, s = √3. Grid 3: W = 2, Σwy = 4, z = (4 − 2) / (√3 √((8 − 4) / 3)) = 1.
        // Grid 1: W = 3, Σwy = 0, z = (0 − 3) / (√3 √((12 − 9) / 3)) = −√3.
        let result = try GetisOrdGiStar.compute(values: [0, 0, 0, 4], weights: strip(4))
        let expected = [-1, -3.0.squareRoot(), 1 / 3.0.squareRoot(), 1]
        for (z, e) in zip(result.z, expected) { #expect(abs(z - e) < 1e-14, "\(z) vs \(e)") }
        #expect(result.mean == 1 && abs(result.standardDeviation - 3.0.squareRoot()) < 1e-15)
        #expect(abs(result.p[3] - 0.3173105078629141) < 1e-15, "two-sided p of z = 1")
        #expect(abs(result.p[1] - 0.0832645166635504) < 1e-15, "two-sided p of z = −√3")
        #expect(result.classes == [.notSignificant, .cold90, .notSignificant, .notSignificant])
    }

    @Test("Agrees with a dense-matrix computation of W = A + I, island included")
    func denseBruteForce() throws {
        // A 5 × 4 lattice of squares plus one far away, with uneven values.
        let polygons = (0 ..< 20).map { square(Double($0 % 5), Double($0 / 5)) } + [square(50, 50)]
        let weights = QueenContiguity(polygons: polygons)
        #expect(weights.islands == [20])
        let cluster: Set<Int> = [7, 8, 12]
        let y: [Double] = (0 ..< 21).map { (i: Int) -> Double in Double((i * 37 + 11) % 23 + (cluster.contains(i) ? 40 : 0)) }
        let result = try GetisOrdGiStar.compute(values: y, weights: weights)

        let n = y.count, nd = Double(n)
        var w = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0 ..< n {
            w[i][i] = 1
            for j in weights.neighbours(of: i) { w[i][Int(j)] = 1 }
        }
        let mean = y.reduce(0, +) / nd
        let squares: [Double] = y.map { ($0 - mean) * ($0 - mean) }
        let s = (squares.reduce(0, +) / nd).squareRoot()
        for i in 0 ..< n {
            var lag = 0.0, wi = 0.0, si = 0.0
            for j in 0 ..< n {
                lag += w[i][j] * y[j]
                wi += w[i][j]
                si += w[i][j] * w[i][j]
            }
            let z = (lag - mean * wi) / (s * ((nd * si - wi * wi) / (nd - 1)).squareRoot())
            #expect(abs(result.z[i] - z) < 1e-12, "grid \(i): \(result.z[i]) vs \(z)")
            #expect(abs(result.p[i] - erfc(abs(z) / 2.0.squareRoot())) < 1e-15)
        }
        #expect(abs(result.z[20] - (y[20] - mean) / s) < 1e-12, "an island is its own standard score")
        #expect(result.z.firstIndex(of: result.z.max()!) == 8 && result.classes[8] == HotSpotClass.hot95,
                "grid 8, next to both other busy grids, is the hot spot (z ≈ 2.30)")
    }

    @Test("A neighbourhood that is the whole city gives z = 0, not NaN")
    func wholeCityNeighbourhood() throws {
        let result = try GetisOrdGiStar.compute(values: [1, 2, 3], weights: strip(3))
        #expect(result.z[1] == 0 && result.p[1] == 1 && result.classes[1] == .notSignificant)
        #expect(abs(result.z[2] - 1.5.squareRoot()) < 1e-15 && abs(result.z[0] + 1.5.squareRoot()) < 1e-15)
    }

    @Test("Constant values, too few grids, a mismatch and NaN are refused with a clear error")
    func errors() {
        #expect(throws: HotSpotError.constantValues) { try GetisOrdGiStar.compute(values: [2, 2, 2, 2], weights: strip(4)) }
        #expect(throws: HotSpotError.tooFewUnits(2)) { try GetisOrdGiStar.compute(values: [1, 2], weights: strip(2)) }
        #expect(throws: HotSpotError.countMismatch(values: 3, units: 4)) { try GetisOrdGiStar.compute(values: [1, 2, 3], weights: strip(4)) }
        #expect(throws: HotSpotError.nonFiniteValue(index: 2)) { try GetisOrdGiStar.compute(values: [1, 2, .nan, 4], weights: strip(4)) }

        let error = HotSpotError.constantValues
        #expect(error.code == "constant_values" && error.field == "values")
        #expect(error.message.zh == "所有网格的数值相同，无法识别热点")
        #expect(HotSpotError.nonFiniteValue(index: 2).field == "values[2]")
        let domain = error.domainError
        #expect(domain.kind == .invalid && domain.code == "constant_values" && domain.message == error.message)
    }

    @Test("Classes at 90, 95 and 99 % confidence, with bilingual labels")
    func classes() {
        func classify(_ z: Double) -> HotSpotClass { HotSpotClass(z: z, p: erfc(abs(z) / 2.0.squareRoot())) }
        #expect([2.7, 2.0, 1.7, 1.6, 0, -1.6, -1.7, -2.0, -2.7].map(classify)
            == [.hot99, .hot95, .hot90, .notSignificant, .notSignificant, .notSignificant, .cold90, .cold95, .cold99])
        #expect(classify(2.58) == .hot99 && classify(2.57) == .hot95, "z = 2.576 is the 99 % line")
        #expect(classify(1.96) == .hot95 && classify(1.95) == .hot90, "z = 1.960 is the 95 % line")
        #expect(classify(-1.65) == .cold90 && classify(-1.64) == .notSignificant, "z = 1.645 is the 90 % line")
        #expect(HotSpotClass.hot99.rawValue == 3 && HotSpotClass.cold90.rawValue == -1, "ArcGIS Gi_Bin")
        #expect(HotSpotClass.hot99.confidence == 99 && HotSpotClass.notSignificant.confidence == nil)
        #expect(HotSpotClass.hot99.label == LocalizedText(zh: "热点（99% 置信度）", en: "Hot spot, 99% confidence"))
        #expect(HotSpotClass.cold95.label == LocalizedText(zh: "冷点（95% 置信度）", en: "Cold spot, 95% confidence"))
        #expect(HotSpotClass.notSignificant.label == LocalizedText(zh: "不显著", en: "Not significant"))
    }
}
