import CityGridCore
import CityGridGeometry

/// The demo city's registered components (部件): covers, lamps, bins and the rest, drawn by the
/// catalogue's typical shares, each at a random point of a random grid, owned by the body
/// responsible for its class and maintained by the body routing would send its cases to.
enum DemoComponents {
    static func make(count: Int, city: CityModel, rng: inout SplitMix64) -> [Component] {
        let classes = city.catalogue.entries.filter { $0.code.kind == .component }
        guard !classes.isEmpty, !city.grids.isEmpty else { return [] }
        let picker = WeightedPicker(weights: classes.map(\.typicalShare))
        let routing = RoutingTable(rules: city.routingRules, organisations: city.organisations)
        let cityWide = Dictionary(city.organisations.filter { $0.jurisdiction == nil }.flatMap { o in o.responsibilities.map { ($0, o.code) } },
                                  uniquingKeysWith: { a, _ in a })
        var serials: [String: Int] = [:]
        var components: [Component] = []
        components.reserveCapacity(count)
        for _ in 0..<count {
            let entry = classes[picker.pick(&rng)]
            let grid = city.grids[rng.below(city.grids.count)]
            let location = DemoPoints.random(in: grid.boundary, rng: &rng)
            let district = grid.code.ancestor(at: .district)!
            let key = district.rawValue + entry.code.rawValue
            let serial = (serials[key] ?? 0) + 1
            serials[key] = serial
            let maintainer = routing.route(entry, grid: grid.code) ?? "CENTRE"
            let roll = rng.unit()
            components.append(Component(
                id: Component.makeID(district: district, category: entry.code, serial: serial), category: entry.code,
                ownerCode: cityWide[entry.responsible] ?? maintainer, maintainerCode: maintainer, gridCode: grid.code,
                state: roll < 0.95 ? .intact : (roll < 0.98 ? .damaged : .lost), location: location))
        }
        return components.sorted { $0.id < $1.id }
    }
}

/// Random points for the demo city and the simulator.
public enum DemoPoints {
    /// A uniform random point of `polygon` (as ``Polygon/contains(_:)`` decides), on the 1e-7° lattice of the exports.
    public static func random(in polygon: Polygon, rng: inout SplitMix64) -> GeoPoint {
        let box = polygon.bbox
        for _ in 0..<1000 {
            let p = GeoPoint(lon: (rng.uniform(box.minLon, box.maxLon) * 1e7).rounded() / 1e7,
                             lat: (rng.uniform(box.minLat, box.maxLat) * 1e7).rounded() / 1e7)
            if polygon.contains(p) { return p }
        }
        return polygon.representativePoint
    }
}
