import ArgumentParser

/// `citygrid`: the command line of CityGrid, the platform for the fine management of a city.
@main
struct CityGridCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "citygrid",
        abstract: "CityGrid: fine-grained city management (城市精细化管理) — grids, cases, the closed loop.",
        subcommands: [InitCommand.self, ServeCommand.self, ApiKeyCommand.self, ImportCommand.self, ExportCommand.self, SimulateCommand.self,
                      CaseCommand.self, ClockCommand.self, EvaluateCommand.self, HotspotsCommand.self, AnalyzeCommand.self, UserCommand.self, FactsCommand.self, BenchCommand.self,
                      PointsCommand.self, DelegationCommand.self, AuditCommand.self])
}

/// The options every command that opens a database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file (only `init` and `serve --demo` create it).")
    var db: String = "./citygrid.sqlite"
}
