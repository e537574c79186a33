import ArgumentParser
import CityGridCore
import CityGridService
import CityGridSimulation
import Foundation

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run N cases through the closed loop over past months (for demos and benchmarks).",
        discussion: "Channels, categories, places, hours and timings are drawn from realistic distributions; every case goes through the real intake and workflow machine. Cases whose next step would fall after --end stay open.")

    @OptionGroup var database: DatabaseOptions
    @Option(parsing: .unconditional, help: "How many cases.") var cases: Int = 10_000
    @Option(help: "The random seed.") var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "The span of months (30 days each) before --end.") var months: Int = 12
    @Option(help: "The end of the span (ISO 8601); default now.") var end: String?

    func validate() throws {
        guard cases > 0 else { throw ValidationError("--cases must be positive") }
        guard (1...120).contains(months) else { throw ValidationError("--months must be from 1 to 120") }
        if let end, ISOTime.parse(end) == nil { throw ValidationError("--end must be \(ISOTime.expectation)") }
    }

    func run() async throws {
        let started = Date()
        let service = try await database.openService()
        let users = try await service.store.users()
        let simulator = try CaseSimulator(service: service, users: users)
        let total = cases
        let written = try await simulator.run(SimulationOptions(cases: cases, seed: seed, months: months, end: end.flatMap(ISOTime.parse) ?? Date())) { n in
            Console.progress("simulate: \(n) / \(total) cases (\(100 * n / total) %)")
        }
        Console.endProgress()
        let seconds = Date().timeIntervalSince(started)
        Console.error(String(format: "Simulated %d cases in %.1f s (%.0f cases/s).", written, seconds, Double(written) / seconds))
    }
}
