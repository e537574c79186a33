import ArgumentParser
import CityGridAnalytics
import CityGridService
import Foundation

/// `citygrid facts`: the fact table's snapshot beside the database.
struct FactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts", abstract: "The fact table's snapshot (<db>.facts), which makes serve and evaluate start fast.",
        subcommands: [FactsSnapshot.self, FactsInfo.self])
}

/// `citygrid facts snapshot`: loads the fact table (from the snapshot plus the changes since, or from
/// every case) and writes a fresh snapshot.
struct FactsSnapshot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "snapshot", abstract: "Write the fact table's snapshot now (<db>.facts).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let service = try await database.openService()
        let (facts, report) = try await LiveFacts.load(from: service.store, city: service.city, users: [], snapshot: database.factsSnapshot) {
            Console.progress("loading facts: \($0) / \($1) cases")
        }
        if report.source == .store, facts.count >= 100_000 { Console.endProgress() }
        Console.error(report.description)
        let start = Date()
        let size = try await facts.writeSnapshot(to: database.factsSnapshot, store: service.store)
        print("wrote \(database.factsSnapshot): \(facts.count) cases at position \(facts.position), \(size) bytes"
              + String(format: " in %.2f s", Date().timeIntervalSince(start)))
    }
}

/// `citygrid facts info`: what the snapshot's header says, and whether it would be used (the same
/// checks as start-up's: the file, then the anchor against the store's change log).
struct FactsInfo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show the snapshot's header and check it against the database.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let service = try await database.openService()
        let dimensions = FactDimensions(city: service.city, users: [])
        let position = try await service.store.changePosition()
        print("database position: \(position)")
        do {
            guard let loaded = try FactSnapshotFile.read(database.factsSnapshot, dimensions: dimensions) else {
                print("no snapshot at \(database.factsSnapshot)")
                return
            }
            print("snapshot \(database.factsSnapshot): format \(FactSnapshot.formatVersion), position \(loaded.position), \(loaded.facts.count) cases, valid")
            try await SnapshotReplay(store: service.store).checkAnchor(loaded.header, storePosition: position)
            print("anchored in this database's change log: \(position - loaded.position) entries to replay")
        } catch {
            print("snapshot \(database.factsSnapshot) not usable: \(error)")
        }
    }
}
