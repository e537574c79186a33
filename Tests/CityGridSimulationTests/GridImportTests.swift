import CityGridCore
import CityGridGeometry
import CityGridService
import CityGridSimulation
import Foundation
import Testing

@Suite struct GridImportTests {
    static func feature(_ code: String, _ ring: [[Double]], name: String = "g") -> String {
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"\(code)\",\"name\":\"\(name)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\(ring)]}}"
    }

    static func collection(_ features: [String]) -> Data {
        Data(("{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",") + "]}").utf8)
    }

    static let a = [[116.0, 39.0], [116.001, 39.0], [116.001, 39.001], [116.0, 39.001], [116.0, 39.0]]
    static let b = [[116.001, 39.0], [116.002, 39.0], [116.002, 39.001], [116.001, 39.001], [116.001, 39.0]]

    @Test func exportedGridsImportBackIdentically() throws {
        let city = DemoCityTests.small.city
        let text = DemoCityTests.geoJSON(DemoCityTests.small)
        let result = try GridImport.read(Data(text.utf8))
        #expect(result.grids == city.grids)
        #expect(result.regions.map(\.code) == city.regions.map(\.code).sorted())
        #expect(result.regions.first { $0.level == .community }?.name.zh.hasSuffix("社区") == true)
    }

    @Test func validFileImports() throws {
        let result = try GridImport.read(Self.collection([Self.feature("110101001001001", Self.a), Self.feature("110101001001002", Self.b)]))
        #expect(result.grids.count == 2)
        #expect(result.regions.map(\.code.rawValue) == ["110101", "110101001", "110101001001"])
    }

    func problems(_ data: Data) -> [GridImportProblem] {
        do { _ = try GridImport.read(data); return [] } catch { return error.problems }
    }

    @Test func badFilesAreRefusedByFeature() {
        #expect(problems(Data("not json".utf8)).first?.message.contains("not valid JSON") == true)
        #expect(problems(Data("{\"type\":\"Feature\"}".utf8)).first?.message.contains("FeatureCollection") == true)
        let bad = problems(Self.collection([
            Self.feature("110101001001001", Self.a),
            Self.feature("110101001001001", Self.b),                 // duplicate
            Self.feature("11010100100100", Self.b),                  // 14 digits
            Self.feature("110101001000003", Self.b),                 // community 000
            Self.feature("110101001001004", [[116.0, 39.0], [116.001, 39.0], [116.0, 39.0]]),  // too short
            Self.feature("110101001001005", [[116.0, 39.0], [116.001, 39.001], [116.001, 39.0], [116.0, 39.001], [116.0, 39.0]]), // bow tie
            Self.feature("110101001001006", [[116.0, 39.0], [116.001, 39.0], [116.001, 39.001], [116.0, 39.001]]), // not closed
        ]))
        #expect(bad.map(\.feature) == [1, 2, 3, 4, 5, 6])
        #expect(bad[0].message.contains("duplicate"))
        #expect(bad[1].message.contains("15-digit"))
        #expect(bad[3].message.contains("ring 0"))
        #expect(bad[4].message.contains("invalid geometry"))
        #expect(bad[5].message.contains("not closed"))
    }

    @Test func overlapsAreRefused() {
        let shifted = Self.a.map { [$0[0] + 0.0005, $0[1]] }
        let found = problems(Self.collection([Self.feature("110101001001001", Self.a), Self.feature("110101001001002", shifted)]))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("overlaps") == true)
    }
}
