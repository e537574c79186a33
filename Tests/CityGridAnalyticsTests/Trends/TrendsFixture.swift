import CityGridAnalytics
import CityGridCore
import CityGridGeometry
import Foundation

/// A small hand-built city and fact tables for the trend tests (UTC+8, the default calendar).
///
/// - grids: `g1` 910101001001001 and `g2` 910101001001002 (community 910101001001), `g3`
///   910101001002001 (community 910101001002), all in subdistrict 910101001; `g4` 910101002001001
///   (subdistrict 910101002); `g5` 910102001001001 (district 910102, subdistrict 910102001);
/// - catalogue: C0101, C0102, E0101, E0102, E0201;
/// - departments: D-WATER, D-SANITATION, D-GREEN.
enum TrendsFixture {
    static let g1 = "910101001001001", g2 = "910101001001002", g3 = "910101001002001"
    static let g4 = "910101002001001", g5 = "910102001001001"
    /// A grid code the city does not have.
    static let foreignGrid = "910199001001001"

    static func region(_ text: String) -> RegionCode {
        guard let code = RegionCode(text) else { preconditionFailure("bad region code in a test: \(text)") }
        return code
    }

    static func category(_ text: String) -> CategoryCode {
        guard let code = CategoryCode(text) else { preconditionFailure("bad category code in a test: \(text)") }
        return code
    }

    static func date(_ text: String) -> LocalDate {
        guard let date = LocalDate(text) else { preconditionFailure("bad local date in a test: \(text)") }
        return date
    }

    /// The fact table's day number (days since 2020-01-01) of a local date.
    static func day(_ text: String) -> Int { date(text).dayNumber - CaseFacts.epochDay }

    /// An instant from an ISO 8601 text with its offset, parsed by Foundation.
    static func instant(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("bad instant in a test: \(text)") }
        return date
    }

    /// An instant in China Standard Time.
    static func cst(_ local: String) -> Date { instant(local + "+08:00") }

    static let city: CityModel = {
        let codes = [g1, g2, g3, g4, g5]
        let grids = codes.enumerated().map { i, code in
            let west = 120.0 + 0.001 * Double(i)
            return UnitGrid(code: region(code), name: LocalizedText(zh: "网格\(i + 1)", en: "Grid \(i + 1)"),
                            boundary: Polygon(exterior: [
                                GeoPoint(lon: west, lat: 30.0), GeoPoint(lon: west + 0.001, lat: 30.0),
                                GeoPoint(lon: west + 0.001, lat: 30.001), GeoPoint(lon: west, lat: 30.001),
                            ]))
        }
        let regions = [
            Region(code: region("910101"), name: LocalizedText(zh: "东区", en: "East district")),
            Region(code: region("910101001"), name: LocalizedText(zh: "新华街道", en: "Xinhua subdistrict")),
            Region(code: region("910101002"), name: LocalizedText(zh: "和平街道", en: "Heping subdistrict")),
        ]
        func entry(_ code: String, _ en: String, _ zh: String) -> CatalogueEntry {
            CatalogueEntry(code: category(code), name: LocalizedText(zh: zh, en: en),
                           filingCondition: LocalizedText(zh: "立案", en: "file"), closingCondition: LocalizedText(zh: "结案", en: "close"),
                           timeLimit: TimeLimit(amount: 1, unit: .workingDays), responsible: "general", typicalShare: 1)
        }
        let catalogue = try! Catalogue(
            majors: [
                MajorClass(kind: .component, code: "01", name: LocalizedText(zh: "公用设施", en: "Public utilities")),
                MajorClass(kind: .event, code: "01", name: LocalizedText(zh: "市容环境", en: "City appearance")),
                MajorClass(kind: .event, code: "02", name: LocalizedText(zh: "宣传广告", en: "Advertising")),
            ],
            entries: [
                entry("C0101", "Manhole cover", "井盖"), entry("C0102", "Water pipe", "水管"),
                entry("E0101", "Unlicensed stall", "无照经营"), entry("E0102", "Exposed garbage", "暴露垃圾"),
                entry("E0201", "Illegal poster", "违规张贴"),
            ])
        let organisations = [
            Organisation(code: "CENTRE", name: LocalizedText(zh: "中心", en: "Centre"), kind: .centre),
            Organisation(code: "D-WATER", name: LocalizedText(zh: "水务局", en: "Water"), kind: .department),
            Organisation(code: "D-SANITATION", name: LocalizedText(zh: "环卫所", en: "Sanitation"), kind: .department),
            Organisation(code: "D-GREEN", name: LocalizedText(zh: "园林局", en: "Parks"), kind: .department),
        ]
        return CityModel(name: LocalizedText(zh: "测试市", en: "Test City"), regions: regions, grids: grids,
                         organisations: organisations, catalogue: catalogue, routingRules: [], calendar: .chinaDefault)
    }()

    /// A case reported at `at`; closed `closedAfterHours` later when given.
    static func makeCase(_ id: Int64, at: Date, category code: String = "E0102", grid: String = g1, department: String? = nil,
                         closedAfterHours: Double? = nil, state: CaseState? = nil) -> Case {
        let cat = category(code)
        var c = Case(id: CaseID(id), number: "\(code)\(id)", category: cat, source: .inspector, location: GeoPoint(lon: 120.0005, lat: 30.0005),
                     chain: GridChain(grid: region(grid)), description: "test case \(id)", reporterID: nil, reportedAt: at)
        c.departmentCode = department.map { OrganisationCode($0) }
        if let hours = closedAfterHours {
            c.closedAt = at.addingTimeInterval(hours * 3600)
            c.state = .closed
        }
        if let state { c.state = state }
        return c
    }

    /// A fact table holding `cases`, in this order.
    static func facts(_ cases: [Case]) -> CaseFacts {
        var facts = CaseFacts(dimensions: FactDimensions(city: city, users: []))
        for c in cases { facts.upsert(c) }
        return facts
    }

    /// The case ids of rows.
    static func ids(_ rows: [Int], _ facts: CaseFacts) -> [Int64] { rows.map { facts.caseID[$0] } }
}
