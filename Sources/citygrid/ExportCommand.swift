import ArgumentParser
import CityGridAnalytics
import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export grids (GeoJSON), cases (CSV), the catalogue, the calendar, the workflow or a rule set to standard output or --out.",
        subcommands: [ExportGrids.self, ExportCases.self, ExportOpenData.self, ExportCatalogue.self, ExportCalendar.self, ExportWorkflow.self, ExportRules.self])
}

struct ExportOptions: ParsableArguments {
    @Option(help: "Write to this file instead of standard output.") var out: String?
}

struct ExportGrids: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grids", abstract: "The unit grids as a GeoJSON FeatureCollection.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: ExportOptions
    @Option(help: "Format: geojson.") var format: String = "geojson"

    func run() async throws {
        guard format == "geojson" else { throw ValidationError("--format: grids export as geojson") }
        let service = try await database.openService()
        let sink = try OutputSink(path: output.out)
        GridGeoJSON.write(service.city.grids, regions: service.regions) { sink.write($0) }
        try sink.close()
    }
}

struct ExportCases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cases", abstract: "One CSV row per case (times in ISO 8601 UTC).")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: ExportOptions
    @Option(help: "Format: csv.") var format: String = "csv"
    @Option(help: "all (the anchors' columns, then every fact evaluation uses) or contract (the anchors' 24 only).") var columns = "all"

    func run() async throws {
        guard format == "csv" else { throw ValidationError("--format: cases export as csv") }
        guard ["all", "contract"].contains(columns) else { throw ValidationError("--columns must be all or contract") }
        let contractOnly = columns == "contract"
        let service = try await database.openService()
        let store = service.store
        let stages = service.city.workflow.stageNames
        let total = try await store.caseCount()
        let sink = try OutputSink(path: output.out)
        sink.write(CaseCSV.header(stages: stages, contractOnly: contractOnly))
        var n = 0
        for try await batch in store.allCases(batchSize: 10_000) {
            for c in batch {
                sink.write(CaseCSV.row(c, stages: stages, contractOnly: contractOnly))
                n += 1
                if n % 100_000 == 0 { Console.progress("export: \(n) / \(total) cases") }
            }
        }
        try sink.close()
        if total >= 100_000 { Console.endProgress() }
    }
}

struct ExportOpenData: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open-data",
                                                    abstract: "Every case as the public sees it, one CSV row each (no reporter, contact, staff or unpublished text).")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: ExportOptions

    func run() async throws {
        let service = try await database.openService()
        let application = try await CityApplication.make(service: service)
        let total = try await service.store.caseCount()
        let sink = try OutputSink(path: output.out)
        sink.write(OpenDataCSV.header)
        var n = 0
        for try await batch in application.openData() {
            for view in batch { sink.write(OpenDataCSV.row(view)) }
            n += batch.count
            if total >= 100_000, n % 100_000 < batch.count { Console.progress("open data: \(n) / \(total) cases") }
        }
        try sink.close()
        if total >= 100_000 { Console.endProgress() }
    }
}

struct ExportCatalogue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalogue", abstract: "The catalogue as catalogue.json (edit and re-import).")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: ExportOptions

    func run() async throws {
        let service = try await database.openService()
        let sink = try OutputSink(path: output.out)
        sink.write(String(decoding: CatalogueFile(service.city.catalogue).encoded(), as: UTF8.self) + "\n")
        try sink.close()
    }
}

struct ExportCalendar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calendar", abstract: "The working-time calendar as calendar.json (edit and re-import).")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: ExportOptions

    func run() async throws {
        let service = try await database.openService()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let calendar = service.city.calendar
        let sink = try OutputSink(path: output.out)
        sink.write(String(decoding: try encoder.encode(calendar), as: UTF8.self) + "\n")
        try sink.close()
    }
}

struct ExportWorkflow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workflow", abstract: "The workflow definition as workflow.json (edit and re-import).")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: ExportOptions

    func run() async throws {
        let service = try await database.openService()
        let sink = try OutputSink(path: output.out)
        sink.write(service.workflowJSON + "\n")
        try sink.close()
    }
}

struct ExportRules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "A shipped indicator rule set (standard, three-rates, basic) as a file to edit and pass to evaluate --rules.")
    @OptionGroup var output: ExportOptions
    @Argument(help: "standard, three-rates or basic.") var name: String

    func run() async throws {
        guard let text = RuleSetPresets.text(name) else {
            throw ValidationError("no preset \(name); the presets are \(RuleSetPresets.names.joined(separator: ", "))")
        }
        let sink = try OutputSink(path: output.out)
        sink.write(text + "\n")
        try sink.close()
    }
}
