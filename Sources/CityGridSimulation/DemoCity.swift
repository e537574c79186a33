import CityGridCore
import CityGridGeometry
import Foundation

/// A generated demo city: its model, its staff and its registered components.
public struct DemoCity: Sendable {
    public var city: CityModel
    public var users: [User]
    public var components: [Component]
}

/// Builds a realistic synthetic city from a seed: the same options give the same city, bit for bit.
///
/// Unit grids are irregular octagons on a jittered lattice, kept inside a wobbly oval outline; they
/// are grouped into communities, communities into subdistricts and subdistricts into districts by
/// k-means, so every region is a compact union of whole regions below it. Codes follow the standard:
/// districts `AAAAAA`, subdistricts and communities numbered from their north-west, grid serials
/// west to east, north to south within their community.
public enum DemoCityGenerator {
    /// The password every demo user signs in to the web pages with (the README names it). Never
    /// for a real city: `citygrid user password` sets each real user's own.
    public static let password = "citygrid-demo"

    public static func generate(_ options: DemoCityOptions, catalogue: Catalogue, calendar: WorkCalendar,
                                progress: (String) -> Void = { _ in }) -> DemoCity {
        var rng = SplitMix64(seed: options.seed)
        // A lattice a little larger than needed, then the `grids` cells closest to the centre by an
        // outline that wobbles with the angle.
        let side = Int((Double(options.grids) / (Double.pi / 4) / 1.25).squareRoot().rounded(.up)) + 2
        let columns = Int((Double(side) * 1.25).rounded(.up)), rows = side
        progress("lattice \(columns)×\(rows)")
        let lattice = DemoLattice(columns: columns, rows: rows, cellMetres: options.cellMetres, origin: options.origin, rng: &rng)
        let phase1 = rng.uniform(0, 2 * .pi), phase2 = rng.uniform(0, 2 * .pi)
        let halfW = Double(columns) * options.cellMetres / 2, halfH = Double(rows) * options.cellMetres / 2
        let ranked = lattice.centres.indices.map { index -> (Int, Double) in
            let c = lattice.centres[index]
            let angle = atan2(c.y / halfH, c.x / halfW)
            let wobble = 1 + 0.07 * sin(3 * angle + phase1) + 0.04 * cos(5 * angle + phase2)
            return (index, ((c.x / halfW) * (c.x / halfW) + (c.y / halfH) * (c.y / halfH)).squareRoot() / wobble)
        }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        let cells = ranked.prefix(options.grids).map(\.0).sorted()
        let points = cells.map { lattice.centres[$0] }

        progress("regions")
        let communityOf = Clustering.kMeans(points: points, k: options.communities, iterations: 6, rng: &rng)
        let communityCentres = centroids(points, communityOf, options.communities)
        let communitySizes = sizes(communityOf, options.communities)
        let subdistrictOfCommunity = Clustering.kMeans(points: communityCentres, weights: communitySizes, k: options.subdistricts,
                                                       iterations: 8, rng: &rng)
        let subdistrictCentres = centroids(communityCentres, subdistrictOfCommunity, options.subdistricts, weights: communitySizes)
        let subdistrictSizes = (0..<options.subdistricts).map { s in
            zip(subdistrictOfCommunity, communitySizes).filter { $0.0 == s }.reduce(0) { $0 + $1.1 }
        }
        let districtOfSubdistrict = Clustering.kMeans(points: subdistrictCentres, weights: subdistrictSizes, k: options.districts,
                                                      iterations: 8, rng: &rng)
        let districtCentres = centroids(subdistrictCentres, districtOfSubdistrict, options.districts, weights: subdistrictSizes)

        // Codes: each level numbered north-west first among its siblings; empty clusters get none.
        var names = DemoNames(rng: &rng)
        var regions: [Region] = []
        var districtCode: [Int: RegionCode] = [:]
        for (n, d) in order(districtCentres, members: Set(districtOfSubdistrict)).enumerated() {
            let code = RegionCode(options.adminPrefix + (n + 1 < 10 ? "0\(n + 1)" : "\(n + 1)"))!
            districtCode[d] = code
            let name = DemoNames.districtNames[n % DemoNames.districtNames.count]
            regions.append(Region(code: code, name: LocalizedText(zh: name.0, en: name.1)))
        }
        var subdistrictCode: [Int: RegionCode] = [:]
        for d in districtCode.keys.sorted(by: { districtCode[$0]! < districtCode[$1]! }) {
            let members = Set(subdistrictOfCommunity.filter { districtOfSubdistrict[$0] == d })
            for (n, s) in order(subdistrictCentres, members: members).enumerated() {
                let code = districtCode[d]!.child(n + 1)!
                subdistrictCode[s] = code
                let name = names.next()
                regions.append(Region(code: code, name: LocalizedText(zh: name.zh + "街道", en: name.en + " Subdistrict")))
            }
        }
        var communityCode: [Int: RegionCode] = [:]
        for s in subdistrictCode.keys.sorted(by: { subdistrictCode[$0]! < subdistrictCode[$1]! }) {
            let members = Set(Set(communityOf).filter { subdistrictOfCommunity[$0] == s })
            for (n, c) in order(communityCentres, members: members).enumerated() {
                let code = subdistrictCode[s]!.child(n + 1)!
                communityCode[c] = code
                let name = names.next()
                regions.append(Region(code: code, name: LocalizedText(zh: name.zh + "社区", en: name.en + " Community")))
            }
        }
        let regionName = Dictionary(uniqueKeysWithValues: regions.map { ($0.code, $0.name) })

        progress("grids")
        var grids: [UnitGrid] = []
        grids.reserveCapacity(cells.count)
        var cellsByCommunity: [Int: [Int]] = [:]
        for (k, c) in communityOf.enumerated() { cellsByCommunity[c, default: []].append(k) }
        for c in communityCode.keys.sorted(by: { communityCode[$0]! < communityCode[$1]! }) {
            // West to east, north to south.
            let members = cellsByCommunity[c]!.sorted { a, b in
                let ra = cells[a] / columns, rb = cells[b] / columns
                return ra != rb ? ra > rb : cells[a] % columns < cells[b] % columns
            }
            let community = communityCode[c]!
            for (n, k) in members.enumerated() {
                let code = community.child(n + 1)!
                let polygon = lattice.polygon(column: cells[k] % columns, row: cells[k] / columns)
                let name = regionName[community]!
                grids.append(UnitGrid(code: code, name: LocalizedText(zh: "\(name.zh)第\(n + 1)网格", en: "\(name.en) grid \(n + 1)"),
                                      boundary: polygon))
            }
        }

        let districts = regions.filter { $0.level == .district }, subdistricts = regions.filter { $0.level == .subdistrict }
        let organisations = DemoOrganisations.make(districts: districts, subdistricts: subdistricts)
        let city = CityModel(name: LocalizedText(zh: "示范市", en: "Demo City"), regions: regions, grids: grids,
                             organisations: organisations, catalogue: catalogue,
                             routingRules: DemoOrganisations.rules(catalogue: catalogue), calendar: calendar)
        progress("staff")
        let users = DemoStaff.make(regions: regions, organisations: organisations)
        progress("components")
        let components = DemoComponents.make(count: options.components, city: city, rng: &rng)
        return DemoCity(city: city, users: users, components: components)
    }

    private static func centroids(_ points: [(x: Double, y: Double)], _ assignment: [Int], _ k: Int,
                                  weights: [Double]? = nil) -> [(x: Double, y: Double)] {
        var sx = [Double](repeating: 0, count: k), sy = sx, sw = sx
        for (p, c) in assignment.enumerated() {
            let w = weights?[p] ?? 1
            sx[c] += points[p].x * w
            sy[c] += points[p].y * w
            sw[c] += w
        }
        return (0..<k).map { sw[$0] > 0 ? (sx[$0] / sw[$0], sy[$0] / sw[$0]) : (0, 0) }
    }

    private static func sizes(_ assignment: [Int], _ k: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: k)
        for c in assignment { counts[c] += 1 }
        return counts
    }

    /// The members ordered north to south in bands, west to east within a band.
    private static func order(_ centres: [(x: Double, y: Double)], members: Set<Int>) -> [Int] {
        let band = 1500.0
        return members.sorted { a, b in
            let ba = (-centres[a].y / band).rounded(.down), bb = (-centres[b].y / band).rounded(.down)
            return ba != bb ? ba < bb : (centres[a].x != centres[b].x ? centres[a].x < centres[b].x : a < b)
        }
    }
}
