import CityGridCore
import CityGridGeometry
import CityGridService
import Foundation
import Hummingbird

/// `/api/v1`: the city's regions, grids (JSON and GeoJSON), geocoding, the catalogue and the caller.
struct CityController<Context: RequestContext> {
    let service: CityService

    func addRoutes(to group: RouterGroup<Context>) {
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
    }

    @Sendable func city(_ request: Request, context: Context) async throws -> Response {
        let c = service.city
        func count(_ level: RegionLevel) -> Int { c.regions.filter { $0.level == level }.count }
        return try JSONIO.response(CityDTO(name: c.name, districts: count(.district), subdistricts: count(.subdistrict),
                                           communities: count(.community), grids: c.grids.count,
                                           catalogue_entries: c.catalogue.entries.count, organisations: c.organisations.count))
    }

    @Sendable func regions(_ request: Request, context: Context) async throws -> Response {
        var level: RegionLevel?
        if let text = RequestInput.query(request, "level") {
            guard let parsed = RegionLevel(name: text), parsed != .city, parsed != .grid else {
                throw DomainError.invalidField("level", zh: "层级须为 district、subdistrict 或 community", en: "level must be district, subdistrict or community")
            }
            level = parsed
        }
        let parent = try RequestInput.region(request, "parent")
        let list = service.city.regions.filter { r in
            (level.map { r.level == $0 } ?? true) && (parent.map { r.parentCode == $0 } ?? true)
        }
        return try JSONIO.response(list.map { RegionDTO(code: $0.code.rawValue, level: $0.level.name, name: $0.name, parent_code: $0.parentCode?.rawValue) })
    }

    @Sendable func region(_ request: Request, context: Context) async throws -> Response {
        guard let text = context.parameters.get("code"), let code = RegionCode(text) else {
            throw DomainError.invalidField("code", zh: "区域代码须为6、9、12或15位数字", en: "A region code has 6, 9, 12 or 15 digits")
        }
        if code.level == .grid {
            guard let i = service.gridIndex[code] else { throw DomainError.notFound("grid", text, field: "code") }
            return try JSONIO.response(GridDTO(service.city.grids[i]))
        }
        guard let r = service.regions[code] else { throw DomainError.notFound("region", text, field: "code") }
        return try JSONIO.response(RegionDTO(code: r.code.rawValue, level: r.level.name, name: r.name, parent_code: r.parentCode?.rawValue))
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

    private func selectedGrids(_ request: Request, defaultLimit: Int) throws -> (ArraySlice<UnitGrid>, String?) {
        let region = try RequestInput.region(request, "region")
        let limit = try RequestInput.int(request, "limit", default: defaultLimit, range: 1...1_000_000)
        let after = RequestInput.query(request, "after")
        let all = service.city.grids
        // Grids are sorted by code: find the range by binary search.
        func lowerBound(_ key: String) -> Int {
            var lo = 0, hi = all.count
            while lo < hi { let mid = (lo + hi) / 2; if all[mid].code.rawValue < key { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        var start = region.map { lowerBound($0.rawValue) } ?? 0
        let end = region.map { lowerBound($0.rawValue + ":") } ?? all.count
        if let after { start = max(start, lowerBound(after + "0")) }
        let stop = min(end, start + limit)
        let slice = all[start..<max(start, stop)]
        return (slice, stop < end ? slice.last?.code.rawValue : nil)
    }

    @Sendable func grids(_ request: Request, context: Context) async throws -> Response {
        let (slice, next) = try selectedGrids(request, defaultLimit: 1000)
        return try JSONIO.response(GridPage(grids: slice.map(GridDTO.init), next_after: next))
    }

    @Sendable func gridsGeoJSON(_ request: Request, context: Context) async throws -> Response {
        // GeoJSON has no paging: every grid of the region unless `limit` asks for fewer.
        let (slice, _) = try selectedGrids(request, defaultLimit: Int.max)
        var text = ""
        GridGeoJSON.write(slice, regions: service.regions) { text += $0 }
        return JSONIO.text(text, contentType: "application/geo+json")
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

    @Sendable func geocode(_ request: Request, context: Context) async throws -> Response {
        let point = GeoPoint(lon: try RequestInput.double(request, "lon"), lat: try RequestInput.double(request, "lat"))
        let chain = try service.geocoder.locate(point)
        func level(_ code: RegionCode) -> GeocodeDTO.Level {
            GeocodeDTO.Level(code: code.rawValue, name: service.regions[code]?.name ?? LocalizedText(zh: code.rawValue, en: code.rawValue))
        }
        let grid = service.city.grids[service.gridIndex[chain.grid]!]
        return try JSONIO.response(GeocodeDTO(lon: point.lon, lat: point.lat, grid: .init(code: grid.code.rawValue, name: grid.name),
                                              community: level(chain.community), subdistrict: level(chain.subdistrict), district: level(chain.district)))
    }

    @Sendable func catalogue(_ request: Request, context: Context) async throws -> Response {
        let file = CatalogueFile(service.city.catalogue)
        return JSONIO.text(String(decoding: file.encoded(), as: UTF8.self), contentType: "application/json; charset=utf-8")
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

    @Sendable func me(_ request: Request, context: Context) async throws -> Response {
        let u = try await Authentication.user(request, service: service)
        return try JSONIO.response(MeDTO(id: u.id, username: u.username, display_name: u.displayName, role: u.role.rawValue,
                                         role_label: u.role.label, organisation_code: u.organisationCode, jurisdiction: u.jurisdiction?.rawValue))
    }
}
