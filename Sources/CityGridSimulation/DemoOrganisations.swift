import Foundation
import CityGridCore

/// The bodies of the demo city: the command centre, city departments, utilities and contractors,
/// each district's law-enforcement and sanitation bureaus, the subdistrict offices, and NGOs.
enum DemoOrganisations {
    static func make(districts: [Region], subdistricts: [Region]) -> [Organisation] {
        func org(_ code: String, _ zh: String, _ en: String, _ kind: OrganisationKind, _ duties: [String], _ region: RegionCode? = nil) -> Organisation {
            Organisation(code: OrganisationCode(code), name: LocalizedText(zh: zh, en: en), kind: kind, responsibilities: duties, jurisdiction: region)
        }
        var list: [Organisation] = [
            org("CENTRE", "城市管理监督指挥中心", "Urban Management Supervision and Command Centre", .centre, []),
            org("D-WATER", "市水务局", "Municipal Water Authority", .department, ["drainage"]),
            org("D-ROADS", "市政路桥管理处", "Municipal Roads and Bridges Office", .department, ["roads"]),
            org("D-TRAFFIC", "市公安交通管理局", "Traffic Police Bureau", .department, ["traffic"]),
            org("D-LANDSCAPE", "市园林绿化局", "Landscaping and Greening Bureau", .department, ["landscaping"]),
            org("D-HOUSING", "市住房和城乡建设委员会", "Housing and Urban-Rural Development Commission", .department, ["housing"]),
            org("D-MARKET", "市市场监督管理局", "Market Regulation Administration", .department, ["market_regulation"]),
            org("D-POLICE", "市公安局", "Public Security Bureau", .department, ["public_security"]),
            org("D-ENVIRONMENT", "市生态环境局", "Ecology and Environment Bureau", .department, ["environment"]),
            org("D-FIRE", "市消防救援支队", "Fire and Rescue Brigade", .department, ["fire"]),
            org("D-URBAN", "市城市管理综合执法局", "Urban Management Law Enforcement Bureau", .department, ["urban_management"]),
            org("D-SANITATION", "市环境卫生管理中心", "Municipal Sanitation Centre", .department, ["sanitation"]),
            org("E-WATERWORKS", "自来水集团有限公司", "Waterworks Group Co.", .enterprise, ["water"]),
            org("E-DRAINAGE", "排水集团有限公司", "Drainage Group Co.", .enterprise, ["drainage"]),
            org("E-POWER", "供电公司", "Power Supply Company", .enterprise, ["power"]),
            org("E-TELECOM", "电信公司", "Telecom Company", .enterprise, ["telecom"]),
            org("E-MOBILE", "移动通信公司", "Mobile Communications Company", .enterprise, []),
            org("E-GAS", "燃气集团有限公司", "Gas Group Co.", .enterprise, ["gas"]),
            org("E-HEATING", "热力集团有限公司", "District Heating Group Co.", .enterprise, ["heating"]),
            org("E-LIGHTING", "路灯管理有限公司", "Street Lighting Company", .enterprise, []),
            org("E-CLEANING", "城市保洁服务有限公司", "City Cleaning Services Co.", .enterprise, []),
            org("N-VOLUNTEERS", "城市志愿者协会", "City Volunteers Association", .ngo, []),
            org("N-GREEN", "绿色家园环保协会", "Green Home Environmental Association", .ngo, []),
        ]
        for district in districts {
            let suffix = district.code.rawValue
            let shortZh = district.name.zh, shortEn = district.name.en.replacingOccurrences(of: " District", with: "")
            list.append(org("U-\(suffix)", "\(shortZh)城市管理综合执法局", "\(shortEn) Urban Management Bureau", .department,
                            ["urban_management"], district.code))
            list.append(org("S-\(suffix)", "\(shortZh)环境卫生服务中心", "\(shortEn) Sanitation Service Centre", .department,
                            ["sanitation"], district.code))
        }
        for subdistrict in subdistricts {
            list.append(org("O-\(subdistrict.code.rawValue)", subdistrict.name.zh + "办事处", subdistrict.name.en + " Office",
                            .subdistrictOffice, ["community"], subdistrict.code))
        }
        return list
    }

    /// Explicit routing rules on top of responsibility routing: street lamps go to the lighting company.
    static func rules(catalogue: Catalogue) -> [RoutingRule] {
        catalogue.entries.filter { $0.code.kind == .component && $0.name.zh.contains("路灯") && !$0.name.zh.contains("井盖") }
            .map { RoutingRule(categoryPrefix: $0.code.rawValue, regionPrefix: "", departmentCode: "E-LIGHTING") }
    }
}
