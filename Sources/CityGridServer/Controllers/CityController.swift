import CityGridCore
import CityGridGeometry
import CityGridApplication
import Foundation
import Hummingbird

/// `/api/v1`: the city's regions, grids (JSON and GeoJSON), geocoding, the catalogue and the caller.
struct CityController {
    let application: CityApplication

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.get("city", use: city)
        group.get("regions", use: regions)
        group.get("regions/:code", use: region)
        group.get("grids", use: grids)
        group.get("grids.geojson", use: gridsGeoJSON)
        group.get("geocode", use: geocode)
        group.get("catalogue", use: catalogue)
        group.get("me", use: me)
    }

    struct RegionDTO: Encodable {
        var code: String
        var level: String
        var name: LocalizedText
        var parent_code: String?
    }

    struct CityDTO: Encodable {
        var name: LocalizedText
        var districts: Int
        var subdistricts: Int
        var communities: Int
        var grids: Int
        var catalogue_entries: Int
        var organisations: Int
        /// The configuration version this answer was read from; it rises with every import of grids,
        /// catalogue, calendar, organisations, routing or workflow (a page may reload its maps on a change).
        var configuration_version: Int64
    }

    @Sendable func city(_ request: Request, context: CityRequestContext) async throws -> Response {
        let c = application.city
        func count(_ level: RegionLevel) -> Int { c.regions.filter { $0.level == level }.count }
        return try JSONIO.response(CityDTO(name: c.name, districts: count(.district), subdistricts: count(.subdistrict),
                                           communities: count(.community), grids: c.grids.count,
                                           catalogue_entries: c.catalogue.entries.count, organisations: c.organisations.count,
                                           configuration_version: c.configurationVersion))
    }

    @Sendable func regions(_ request: Request, context: CityRequestContext) async throws -> Response {
        var level: RegionLevel?
        if let text = RequestInput.query(request, "level") {
            guard let parsed = RegionLevel(name: text), parsed != .city, parsed != .grid else {
                throw DomainError.invalidField("level", zh: "层级须为 district、subdistrict 或 community", en: "level must be district, subdistrict or community")
            }
            level = parsed
        }
        let parent = try RequestInput.region(request, "parent")
        let list = application.regions(level: level, parent: parent)
        return try JSONIO.response(list.map { RegionDTO(code: $0.code.rawValue, level: $0.level.name, name: $0.name, parent_code: $0.parentCode?.rawValue) })
    }

    @Sendable func region(_ request: Request, context: CityRequestContext) async throws -> Response {
        guard let text = context.parameters.get("code"), let code = RegionCode(text) else {
            throw DomainError.invalidField("code", zh: "区域代码须为6、9、12或15位数字", en: "A region code has 6, 9, 12 or 15 digits")
        }
        switch try application.place(code) {
        case .grid(let grid): return try JSONIO.response(GridDTO(grid))
        case .region(let r): return try JSONIO.response(RegionDTO(code: r.code.rawValue, level: r.level.name, name: r.name, parent_code: r.parentCode?.rawValue))
        }
    }

    struct GridDTO: Encodable {
        var code: String
        var name: LocalizedText
        var community_code: String
        var subdistrict_code: String
        var district_code: String
        var area_m2: Double
        var boundary: [[[Double]]]

        init(_ g: UnitGrid) {
            let chain = GridChain(grid: g.code)
            code = g.code.rawValue; name = g.name; community_code = chain.community.rawValue
            subdistrict_code = chain.subdistrict.rawValue; district_code = chain.district.rawValue
            area_m2 = (g.areaSquareMetres * 10).rounded() / 10
            boundary = g.boundary.closedRings.map { $0.map { [$0.lon, $0.lat] } }
        }
    }

    struct GridPage: Encodable {
        var grids: [GridDTO]
        var next_after: String?
    }

    @Sendable func grids(_ request: Request, context: CityRequestContext) async throws -> Response {
        let (slice, next) = application.grids(in: try RequestInput.region(request, "region"), after: RequestInput.query(request, "after"),
                                              limit: try RequestInput.int(request, "limit", default: 1000, range: 1...1_000_000))
        return try JSONIO.response(GridPage(grids: slice.map(GridDTO.init), next_after: next))
    }

    @Sendable func gridsGeoJSON(_ request: Request, context: CityRequestContext) async throws -> Response {
        // GeoJSON has no paging: every grid of the region unless `limit` asks for fewer.
        JSONIO.rendered(try await application.gridsGeoJSON(in: try RequestInput.region(request, "region"),
                                                           limit: try RequestInput.int(request, "limit", default: 1_000_000, range: 1...1_000_000)))
    }

    struct GeocodeDTO: Encodable {
        struct Level: Encodable { var code: String; var name: LocalizedText }
        var lon: Double
        var lat: Double
        var grid: Level
        var community: Level
        var subdistrict: Level
        var district: Level
    }

    @Sendable func geocode(_ request: Request, context: CityRequestContext) async throws -> Response {
        let found = try application.geocode(GeoPoint(lon: try RequestInput.double(request, "lon"), lat: try RequestInput.double(request, "lat")))
        func level(_ l: GeocodeResult.Level) -> GeocodeDTO.Level { GeocodeDTO.Level(code: l.code.rawValue, name: l.name) }
        return try JSONIO.response(GeocodeDTO(lon: found.point.lon, lat: found.point.lat, grid: level(found.grid), community: level(found.community),
                                              subdistrict: level(found.subdistrict), district: level(found.district)))
    }

    @Sendable func catalogue(_ request: Request, context: CityRequestContext) async throws -> Response {
        JSONIO.text(application.catalogueJSON, contentType: "application/json; charset=utf-8")
    }

    struct MeDTO: Encodable {
        var id: Int64
        var username: String
        var display_name: String
        var role: String
        var role_label: LocalizedText
        var organisation_code: String?
        var jurisdiction: String?
    }

    @Sendable func me(_ request: Request, context: CityRequestContext) async throws -> Response {
        guard let u = context.caller.user else { throw DomainError(.unauthenticated, code: "missing_token", field: "Authorization", zh: "需要登录", en: "Authentication required") }
        return try JSONIO.response(MeDTO(id: u.id.rawValue, username: u.username, display_name: u.displayName, role: u.role.rawValue,
                                         role_label: u.role.label, organisation_code: u.organisationCode?.rawValue, jurisdiction: u.jurisdiction?.rawValue))
    }
}
