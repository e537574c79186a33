import ArgumentParser
import CityGridCore
import CityGridService
import Foundation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a city's grids, catalogue or calendar (all or nothing).",
        subcommands: [ImportGrids.self, ImportCatalogue.self, ImportCalendar.self])
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

    func run() async throws {
        let store = try database.openStore()
        guard try await store.loadCity() != nil else { throw ValidationError("\(database.db) holds no city: run `citygrid init --db \(database.db)` first.") }
        let result: GridImport.Result
        do {
            result = try GridImport.read(try readFile(file))
        } catch let error as GridImportError {
            Console.error(error.description)
            throw ExitCode(65)
        }
        try await store.replaceGrids(result.grids, regions: result.regions)
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
