import CityGridCore
import CityGridGeometry
import CityGridService
import Foundation

/// A point's place in the city (地理编码结果): its grid and the regions above it, with their names.
public struct GeocodeResult: Sendable {
    public struct Level: Sendable {
        public var code: RegionCode
        public var name: LocalizedText
    }
    public var point: GeoPoint
    public var grid: Level
    public var community: Level
    public var subdistrict: Level
    public var district: Level
}

/// The city's public data (公开数据): its name and regions, grids, geocoding, catalogue and
/// workflow. Open to anyone (the route table says so); each answer comes from one configuration version.
extension CityApplication {
    /// The city model of the current version.
    public var city: CityModel { current.city }

    /// Regions at `level` and/or under `parent`.
    public func regions(level: RegionLevel?, parent: RegionCode?) -> [Region] {
        current.city.regions.filter { r in (level.map { r.level == $0 } ?? true) && (parent.map { r.parentCode == $0 } ?? true) }
    }

    /// A region above the grids, or a grid (a code of grid level).
    public func place(_ code: RegionCode) throws -> Place {
        let current = self.current
        if code.level == .grid {
            guard let i = current.service.gridIndex[code] else { throw DomainError.notFound("grid", code.rawValue, field: "code") }
            return .grid(current.city.grids[i])
        }
        guard let r = current.service.regions[code] else { throw DomainError.notFound("region", code.rawValue, field: "code") }
        return .region(r)
    }

    /// Up to `limit` grids in code order, within `region`, after the grid code `after`; and the code to
    /// continue after when more remain.
    public func grids(in region: RegionCode?, after: String?, limit: Int) -> (grids: ArraySlice<UnitGrid>, nextAfter: String?) {
        let all = current.city.grids
        // Grids are sorted by code: find the range by binary search.
        func lowerBound(_ key: String) -> Int {
            var lo = 0, hi = all.count
            while lo < hi { let mid = (lo + hi) / 2; if all[mid].code.rawValue < key { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        var start = region.map { lowerBound($0.rawValue) } ?? 0
        let end = region.map { lowerBound($0.rawValue + ":") } ?? all.count
        if let after { start = max(start, lowerBound(after + "0")) }
        let stop = min(end, start + max(0, limit))
        let slice = all[start..<max(start, stop)]
        return (slice, stop < end ? slice.last?.code.rawValue : nil)
    }

    /// The grids of ``grids(in:after:limit:)`` as GeoJSON, written in ``HeavyWork`` (the whole city is megabytes).
    public func gridsGeoJSON(in region: RegionCode?, limit: Int) async throws -> Rendered {
        let current = self.current
        let (slice, _) = grids(in: region, after: nil, limit: limit)
        return try await heavy.run {
            var text = ""
            GridGeoJSON.write(slice, regions: current.service.regions) { text += $0 }
            return Rendered(text: text, contentType: "application/geo+json")
        }
    }

    /// The grid and regions `point` lies in.
    public func geocode(_ point: GeoPoint) throws -> GeocodeResult {
        let current = self.current
        let chain = try current.service.geocoder.locate(point)
        func level(_ code: RegionCode) -> GeocodeResult.Level {
            GeocodeResult.Level(code: code, name: current.service.regions[code]?.name ?? LocalizedText(zh: code.rawValue, en: code.rawValue))
        }
        let gridName = current.service.gridIndex[chain.grid].map { current.city.grids[$0].name } ?? LocalizedText(zh: chain.grid.rawValue, en: chain.grid.rawValue)
        return GeocodeResult(point: point, grid: .init(code: chain.grid, name: gridName), community: level(chain.community),
                             subdistrict: level(chain.subdistrict), district: level(chain.district))
    }

    /// The catalogue in its file format.
    public var catalogueJSON: String { String(decoding: CatalogueFile(current.city.catalogue).encoded(), as: UTF8.self) }

    /// The workflow definition the city runs, in its file format.
    public var workflowJSON: String { current.service.workflowJSON }
}

/// A region above the grids, or a unit grid (区域或网格), looked up by code.
public enum Place: Sendable {
    case region(Region)
    case grid(UnitGrid)
}
