import ArgumentParser
import CityGridCore
import CityGridService
import Foundation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a city's grids, catalogue, calendar, organisations or routing rules (all or nothing).",
        discussion: "A running server reads the city at start: restart `citygrid serve` after an import.",
        subcommands: [ImportGrids.self, ImportCatalogue.self, ImportCalendar.self, ImportOrganisations.self, ImportRouting.self,
                      ImportWorkflow.self])
}

private func readFile(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("Cannot read \(path)")
    }
    return data
}

struct ImportGrids: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grids",
        abstract: "Replace the unit grids with a GeoJSON FeatureCollection (properties: code, name).",
        discussion: "Every feature is checked first: codes (15 digits, unique), geometry (closed, simple rings) and overlaps. Any problem refuses the whole file, listed by feature; nothing is written.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The GeoJSON file.") var file: String
    @Flag(help: "Allow new grids that drop grids which cases or components name: deletes every case and component.") var force = false

    func run() async throws {
        let store = try database.openStore()
        guard try await store.loadCity() != nil else { throw ValidationError("\(database.db) holds no city: run `citygrid init --db \(database.db)` first.") }
        let result: GridImport.Grids
        do {
            result = try GridImport.read(try readFile(file))
        } catch let error as GridImportError {
            Console.error(error.description)
            throw ExitCode(65)
        }
        try await store.replaceGrids(result.grids, regions: result.regions, force: force)
        Console.error("Imported \(result.grids.count) grids in \(result.regions.count) regions from \(file).")
    }
}

struct ImportCatalogue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalogue", abstract: "Replace the component and event catalogue with a catalogue.json file.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The catalogue file (the format `citygrid export catalogue` writes).") var file: String

    func run() async throws {
        let catalogue = try CatalogueFile.decode(json: try readFile(file))
        try await database.openStore().replaceCatalogue(catalogue)
        Console.error("Imported \(catalogue.entries.count) catalogue classes.")
    }
}

struct ImportCalendar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calendar", abstract: "Replace the working-time calendar with a calendar.json file.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The calendar file (the format `citygrid export calendar` writes).") var file: String

    func run() async throws {
        let calendar: WorkCalendar
        do {
            calendar = try JSONDecoder().decode(WorkCalendar.self, from: try readFile(file))
        } catch let error as DomainError {
            throw error
        } catch {
            throw DomainError(.invalid, code: "invalid_calendar", field: JSONErrorPath.path(of: error),
                              zh: "日历文件无效：\(JSONErrorPath.explain(error))", en: "Invalid calendar file: \(JSONErrorPath.explain(error))")
        }
        try await database.openStore().replaceCalendar(calendar)
        Console.error("Imported the calendar: \(calendar.holidays.count) holidays, \(calendar.makeUpWorkdays.count) make-up workdays.")
    }
}

/// Decodes a JSON file, turning a decoding failure into an error that names the field.
private func decodeFile<T: Decodable>(_ type: T.Type, _ path: String, what: String) throws -> T {
    do {
        return try JSONDecoder().decode(T.self, from: try readFile(path))
    } catch let error as DecodingError {
        throw DomainError(.invalid, code: "invalid_file", field: JSONErrorPath.path(of: error),
                          zh: "\(what)文件无效：\(JSONErrorPath.explain(error))", en: "Invalid \(what) file: \(JSONErrorPath.explain(error))")
    }
}

struct ImportOrganisations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organisations", abstract: "Add or update organisations from a JSON array.",
        discussion: #"Each entry: {"code": "D-WATER", "name_zh": "市水务局", "name_en": "Water Authority", "kind": "department", "responsibilities": ["drainage"], "jurisdiction": "110105"} (jurisdiction optional: the whole city). Kinds: centre, department, subdistrict_office, community_office, enterprise, ngo."#)
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The JSON file.") var file: String

    struct Entry: Decodable {
        var code: String
        var name_zh: String
        var name_en: String
        var kind: OrganisationKind
        var responsibilities: [String]?
        var jurisdiction: RegionCode?
    }

    func run() async throws {
        let entries = try decodeFile([Entry].self, file, what: "organisations")
        for (i, e) in entries.enumerated() where e.code.isEmpty || e.name_zh.isEmpty || e.name_en.isEmpty {
            throw DomainError.invalidField("[\(i)]", zh: "单位代码和中英文名称不能为空", en: "Entry \(i): code, name_zh and name_en must not be empty")
        }
        guard Set(entries.map(\.code)).count == entries.count else {
            throw DomainError.invalidField("code", zh: "单位代码重复", en: "Duplicate organisation codes")
        }
        let store = try database.openStore()
        guard let city = try await store.loadCity() else { throw ValidationError("\(database.db) holds no city") }
        let regions = Set(city.regions.map(\.code))
        for (i, e) in entries.enumerated() {
            if let j = e.jurisdiction, !regions.contains(j) {
                throw DomainError.invalidField("[\(i)].jurisdiction", zh: "辖区 \(j) 不在本市", en: "Entry \(i): the jurisdiction \(j) is not a region of the city")
            }
        }
        try await store.upsertOrganisations(entries.map {
            Organisation(code: OrganisationCode($0.code), name: LocalizedText(zh: $0.name_zh, en: $0.name_en), kind: $0.kind,
                         responsibilities: $0.responsibilities ?? [], jurisdiction: $0.jurisdiction)
        })
        Console.error("Imported \(entries.count) organisations.")
    }
}

struct ImportRouting: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing", abstract: "Replace the explicit routing rules with a JSON array.",
        discussion: #"Each entry: {"category_prefix": "E01", "region_prefix": "110105", "department_code": "U-110105"}. The most specific rule wins; without a rule, routing picks the most local body responsible for the class."#)
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The JSON file.") var file: String

    func run() async throws {
        let rules = try decodeFile([RoutingRule].self, file, what: "routing")
        let store = try database.openStore()
        guard let city = try await store.loadCity() else { throw ValidationError("\(database.db) holds no city") }
        let organisations = Set(city.organisations.map(\.code))
        for (i, rule) in rules.enumerated() {
            guard organisations.contains(rule.departmentCode) else {
                throw DomainError.invalidField("[\(i)].department_code", zh: "没有单位 \(rule.departmentCode)", en: "Rule \(i): no organisation \(rule.departmentCode)")
            }
            guard rule.categoryPrefix.count <= 5, rule.regionPrefix.allSatisfy(\.isNumber), rule.regionPrefix.count <= 15 else {
                throw DomainError.invalidField("[\(i)]", zh: "前缀格式无效", en: "Rule \(i): a category prefix is up to 5 characters (E0102), a region prefix up to 15 digits")
            }
        }
        try await store.replaceRoutingRules(rules)
        Console.error("Imported \(rules.count) routing rules.")
    }
}

struct ImportWorkflow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "Replace the workflow definition with a workflow.json file (validated first).",
        discussion: "Export the current one with `citygrid export workflow`, edit it (add a stage, change who approves), import it. Unreachable states, actions without a role, dead ends and unknown names are refused with the entry named.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The workflow file.") var file: String

    func run() async throws {
        let data = try readFile(file)
        let (definition, _) = try WorkflowDefinitionFile.decode(json: data)
        let store = try database.openStore()
        guard try await store.loadCity() != nil else { throw ValidationError("\(database.db) holds no city") }
        try await store.replaceWorkflow(json: String(decoding: data, as: UTF8.self), states: Set(definition.states.keys))
        Console.error("Imported the workflow: \(definition.states.count) states, \(definition.actions.count) actions.")
    }
}
