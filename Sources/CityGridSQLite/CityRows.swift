import CityGridCore
import CityGridGeometry
import Foundation
import GRDB

/// Reading and writing the city's static tables: meta (name, catalogue, calendar), regions, grids,
/// organisations, routing rules, users and components.
enum CityRows {
    static func setMeta(_ key: String, _ value: String, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    static func meta(_ key: String, _ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    static func writeMeta(name: LocalizedText, catalogue: Catalogue, calendar: WorkCalendar, _ db: Database) throws {
        try setMeta("city_name", String(decoding: try JSONEncoder().encode(name), as: UTF8.self), db)
        try setMeta("catalogue", String(decoding: CatalogueFile(catalogue).encoded(), as: UTF8.self), db)
        try setMeta("calendar", String(decoding: try JSONEncoder().encode(calendar), as: UTF8.self), db)
    }

    static func writeRegions(_ regions: [Region], grids: [UnitGrid], _ db: Database) throws {
        let region = try db.makeStatement(sql: "INSERT INTO regions (code, level, name_zh, name_en, parent_code) VALUES (?,?,?,?,?)")
        for r in regions {
            try region.execute(arguments: [r.code.rawValue, r.level.rawValue, r.name.zh, r.name.en, r.parentCode?.rawValue])
        }
        let grid = try db.makeStatement(sql: "INSERT INTO grids (code, name_zh, name_en, area_m2, boundary) VALUES (?,?,?,?,?)")
        for g in grids {
            try grid.execute(arguments: [g.code.rawValue, g.name.zh, g.name.en, g.areaSquareMetres, BoundaryText.encode(g.boundary)])
        }
    }

    static func writeOrganisations(_ organisations: [Organisation], _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO organisations (code, name_zh, name_en, kind, responsibilities, jurisdiction) VALUES (?,?,?,?,?,?)
            """)
        for o in organisations {
            try statement.execute(arguments: [o.code, o.name.zh, o.name.en, o.kind.rawValue, o.responsibilities.joined(separator: ","),
                                              o.jurisdiction?.rawValue])
        }
    }

    static func writeRoutingRules(_ rules: [RoutingRule], _ db: Database) throws {
        let statement = try db.makeStatement(sql: "INSERT INTO routing_rules (category_prefix, region_prefix, department_code) VALUES (?,?,?)")
        for r in rules {
            try statement.execute(arguments: [r.categoryPrefix, r.regionPrefix, r.departmentCode])
        }
    }

    static func writeUsers(_ users: [User], _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO users (id, username, display_name, role, organisation_code, jurisdiction, extra_roles) VALUES (?,?,?,?,?,?,?)
            """)
        for u in users {
            // The primary role in its columns (indexed for escalation notices), any further roles as JSON.
            let extra = u.grants.count > 1 ? String(decoding: try JSONEncoder().encode(Array(u.grants.dropFirst())), as: UTF8.self) : nil
            try statement.execute(arguments: [u.id, u.username, u.displayName, u.role.rawValue, u.organisationCode, u.jurisdiction?.rawValue, extra])
        }
    }

    static func writeComponents(_ components: [Component], _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO components (id, category, owner_code, maintainer_code, grid_code, state, lon, lat) VALUES (?,?,?,?,?,?,?,?)
            """)
        for c in components {
            try statement.execute(arguments: [c.id, c.category.rawValue, c.ownerCode, c.maintainerCode, c.gridCode.rawValue,
                                              c.state.rawValue, c.location.lon, c.location.lat])
        }
    }

    static func users(where condition: String, arguments: StatementArguments, _ db: Database) throws -> [User] {
        try Row.fetchAll(db, sql: """
            SELECT id, username, display_name, role, organisation_code, jurisdiction, extra_roles FROM users WHERE \(condition) ORDER BY id
            """, arguments: arguments).map(user)
    }

    /// Refuses a grid replacement that would leave references to grids or regions that no longer
    /// exist (``GridReplacement``), given the facts read here.
    static func checkGridReplacement(grids: [UnitGrid], regions: [Region], force: Bool, _ db: Database) throws {
        // Only grids the new version drops can leave a case or component dangling: counted (a scan of
        // the cases, which have no grid index) only when there are some.
        let removed = Set(try String.fetchAll(db, sql: "SELECT code FROM grids")).subtracting(grids.map(\.code.rawValue))
        var cases = 0, components = 0
        if !removed.isEmpty {
            let list = removed.sorted()
            let marks = list.map { _ in "?" }.joined(separator: ",")
            cases = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases WHERE grid_code IN (\(marks))", arguments: StatementArguments(list)) ?? 0
            components = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM components WHERE grid_code IN (\(marks))", arguments: StatementArguments(list)) ?? 0
        }
        let references = try Row.fetchAll(db, sql: """
            SELECT 'user ' || username AS who, jurisdiction FROM users WHERE jurisdiction IS NOT NULL
            UNION ALL SELECT 'organisation ' || code AS who, jurisdiction FROM organisations WHERE jurisdiction IS NOT NULL
            """).map { GridReplacement.Reference(who: $0["who"], region: $0["jurisdiction"]) }
        try GridReplacement.check(removedGrids: removed, casesOnRemoved: cases, componentsOnRemoved: components, force: force,
                                  references: references, newRegions: Set(regions.map(\.code.rawValue)))
    }

    /// A query primitive: the users with `role` whose jurisdiction is `jurisdiction` (none: `nil`).
    static func users(role: Role, jurisdiction: RegionCode?, _ db: Database) throws -> [User] {
        let statement = try db.cachedStatement(sql: """
            SELECT id, username, display_name, role, organisation_code, jurisdiction, extra_roles FROM users INDEXED BY users_role_jurisdiction
            WHERE role = ? AND jurisdiction IS ? ORDER BY id
            """)
        return try Row.fetchAll(statement, arguments: [role.rawValue, jurisdiction?.rawValue]).map(user)
    }

    private static func user(_ row: Row) throws -> User {
        guard let role = Role(rawValue: row["role"]) else { throw DatabaseError(message: "corrupt user row \(row["id"] as Int64)") }
        let jurisdiction: String? = row["jurisdiction"]
        var grants = [RoleGrant(role: role, organisationCode: row["organisation_code"], jurisdiction: jurisdiction.flatMap { RegionCode($0) })]
        if let extra: String = row["extra_roles"] {
            grants += try JSONDecoder().decode([RoleGrant].self, from: Data(extra.utf8))
        }
        return User(id: row["id"], username: row["username"], displayName: row["display_name"], grants: grants)
    }

    static func components(where condition: String, arguments: StatementArguments, _ db: Database) throws -> [Component] {
        try Row.fetchAll(db, sql: """
            SELECT id, category, owner_code, maintainer_code, grid_code, state, lon, lat FROM components WHERE \(condition) ORDER BY id
            """, arguments: arguments).map { row in
            guard let category = CategoryCode(row["category"] as String), let grid = RegionCode(row["grid_code"] as String),
                  let state = Component.State(rawValue: row["state"]) else {
                throw DatabaseError(message: "corrupt component row \(row["id"] as String)")
            }
            return Component(id: row["id"], category: category, ownerCode: row["owner_code"], maintainerCode: row["maintainer_code"], gridCode: grid,
                             state: state, location: GeoPoint(lon: row["lon"], lat: row["lat"]))
        }
    }

    static func loadCity(_ db: Database) throws -> CityModel? {
        guard let nameJSON = try meta("city_name", db), let catalogueJSON = try meta("catalogue", db),
              let calendarJSON = try meta("calendar", db) else { return nil }
        let name = try JSONDecoder().decode(LocalizedText.self, from: Data(nameJSON.utf8))
        let catalogue = try CatalogueFile.decode(json: Data(catalogueJSON.utf8))
        let calendar = try JSONDecoder().decode(WorkCalendar.self, from: Data(calendarJSON.utf8))
        let regions = try Row.fetchAll(db, sql: "SELECT code, name_zh, name_en FROM regions ORDER BY code").map { row in
            guard let code = RegionCode(row["code"] as String) else { throw DatabaseError(message: "corrupt region \(row["code"] as String)") }
            return Region(code: code, name: LocalizedText(zh: row["name_zh"], en: row["name_en"]))
        }
        var grids: [UnitGrid] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT code, name_zh, name_en, boundary FROM grids ORDER BY code")
        while let row = try rows.next() {
            guard let code = RegionCode(row["code"] as String), code.level == .grid else {
                throw DatabaseError(message: "corrupt grid \(row["code"] as String)")
            }
            grids.append(UnitGrid(code: code, name: LocalizedText(zh: row["name_zh"], en: row["name_en"]), boundary: try BoundaryText.decode(row["boundary"])))
        }
        let organisations = try Row.fetchAll(db, sql: """
            SELECT code, name_zh, name_en, kind, responsibilities, jurisdiction FROM organisations ORDER BY code
            """).map { row in
            guard let kind = OrganisationKind(rawValue: row["kind"]) else { throw DatabaseError(message: "corrupt organisation \(row["code"] as String)") }
            let responsibilities: String = row["responsibilities"]
            let jurisdiction: String? = row["jurisdiction"]
            return Organisation(code: row["code"], name: LocalizedText(zh: row["name_zh"], en: row["name_en"]), kind: kind,
                                responsibilities: responsibilities.split(separator: ",").map(String.init),
                                jurisdiction: jurisdiction.flatMap { RegionCode($0) })
        }
        let rules = try Row.fetchAll(db, sql: "SELECT category_prefix, region_prefix, department_code FROM routing_rules ORDER BY id").map {
            RoutingRule(categoryPrefix: $0["category_prefix"], regionPrefix: $0["region_prefix"], departmentCode: $0["department_code"])
        }
        var workflow = WorkflowDefinition.standard
        if let text = try meta("workflow", db) {
            workflow = try WorkflowDefinitionFile.decode(json: Data(text.utf8)).0
        }
        return CityModel(name: name, regions: regions, grids: grids, organisations: organisations, catalogue: catalogue,
                         routingRules: rules, calendar: calendar, workflow: workflow)
    }
}

/// A polygon as compact text in the `grids.boundary` column: rings separated by `;`, points by
/// spaces, each point `lon,lat` with 7 decimals (1 cm), which is also the precision of the exports.
enum BoundaryText {
    static func encode(_ polygon: Polygon) -> String {
        ([polygon.exterior] + polygon.holes).map { ring in
            ring.map { "\(Decimal7.format($0.lon)),\(Decimal7.format($0.lat))" }.joined(separator: " ")
        }.joined(separator: ";")
    }

    /// Start-up reads every grid's boundary (20,480 in the demo city): the common shape (`-?d+(.d+)?`
    /// numbers, single separators) is parsed from the UTF-8 bytes, anything else by ``decodeText(_:)``;
    /// both give the same points (see ``FastDecimal``).
    static func decode(_ text: String) throws -> Polygon {
        var text = text
        if let rings = text.withUTF8({ FastDecimal.rings($0) }), let exterior = rings.first {
            return Polygon(exterior: exterior, holes: Array(rings.dropFirst()))
        }
        return try decodeText(text)
    }

    static func decodeText(_ text: String) throws -> Polygon {
        let rings = try text.split(separator: ";").map { ring in
            try ring.split(separator: " ").map { pair -> GeoPoint in
                let parts = pair.split(separator: ",")
                guard parts.count == 2, let lon = Double(parts[0]), let lat = Double(parts[1]) else {
                    throw DatabaseError(message: "corrupt boundary point \(pair)")
                }
                return GeoPoint(lon: lon, lat: lat)
            }
        }
        guard let exterior = rings.first else { throw DatabaseError(message: "empty boundary") }
        return Polygon(exterior: exterior, holes: Array(rings.dropFirst()))
    }
}

/// The boundary text's fast path (边界快速解析): rings of `lon,lat` points parsed straight from the
/// bytes. A number is `-?digits(.digits)?` with at most 15 significant digits and 22 decimals, so its
/// digits are an exact `Double` and so is the power of ten: one IEEE division is then correctly
/// rounded, the value `Double(String)` gives. Anything else (an exponent, more digits, empty rings,
/// doubled separators) returns `nil` and the caller takes the general path.
enum FastDecimal {
    private static let powers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { acc, _ in acc * 10 } }

    static func rings(_ bytes: UnsafeBufferPointer<UInt8>) -> [[GeoPoint]]? {
        var rings: [[GeoPoint]] = []
        var ring: [GeoPoint] = []
        var i = 0
        let n = bytes.count
        guard n > 0 else { return nil }
        while true {
            guard let lon = number(bytes, &i), i < n, bytes[i] == UInt8(ascii: ",") else { return nil }
            i += 1
            guard let lat = number(bytes, &i) else { return nil }
            ring.append(GeoPoint(lon: lon, lat: lat))
            if i == n { break }
            switch bytes[i] {
            case UInt8(ascii: " "): i += 1
            case UInt8(ascii: ";"): rings.append(ring); ring = []; i += 1
            default: return nil
            }
            guard i < n else { return nil }
        }
        rings.append(ring)
        return rings
    }

    /// The number at `i` (advanced past it), or `nil` when it is not of the simple shape.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Double? {
        let n = bytes.count
        var negative = false
        if i < n, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, decimals = 0
        var start = i
        while i < n, bytes[i] &- 48 < 10 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48); i += 1 }
        guard i > start else { return nil }
        digits = i - start
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            start = i
            while i < n, bytes[i] &- 48 < 10 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48); i += 1 }
            decimals = i - start
            guard decimals > 0 else { return nil }
            digits += decimals
        }
        guard digits <= 15, decimals <= 22 else { return nil }
        let value = Double(mantissa) / powers[decimals]
        return negative ? -value : value
    }
}
