import ArgumentParser
import CityGridCore
import CityGridService
import Foundation

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Show a case, or take any workflow action on it as a user.",
        subcommands: [CaseShow.self, CaseAct.self])
}

struct CaseShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A case, its clock and its event log.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The case id.") var id: CaseID
    @Option(help: "Language: zh or en.") var lang = "zh"

    func run() async throws {
        let service = try await database.openService()
        let value = try await service.caseByID(id)
        let language = Language(preference: lang)
        let definition = service.city.workflow
        print("\(value.number)  \(definition.label(of: value.state).text(language)) (\(value.state))  v\(value.version)")
        print("  \(service.city.catalogue[value.category]?.name.text(language) ?? value.category.rawValue) · \(value.chain.grid) · \(value.departmentCode?.rawValue ?? "-")")
        print("  stage \(value.stage ?? "-") due \(value.stageDeadlineAt.map(ISOTime.format) ?? "-") light \(value.light(at: Date()).rawValue)"
              + " · disposal due \(value.deadlineAt.map(ISOTime.format) ?? "-") · case due \(value.caseDeadlineAt.map(ISOTime.format) ?? "-")")
        for event in try await service.store.events(caseID: id) {
            let label = event.action == .report ? (language == .zh ? "上报" : "Report") : definition.label(of: event.action).text(language)
            print("  \(event.sequence). \(ISOTime.format(event.at)) \(label) [\(event.role.rawValue)\(event.actorID.map { " #\($0)" } ?? "")] "
                  + "\(event.fromState?.rawValue ?? "-") → \(event.toState)" + (event.note.isEmpty ? "" : " · \(event.note)")
                  + (event.attachments.isEmpty ? "" : " · \(event.attachments.joined(separator: " "))"))
        }
    }
}

struct CaseAct: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "act", abstract: "Take a workflow action on a case as a user (every action of the definition).",
        discussion: "Actions: `citygrid export workflow` lists them with their roles and guards. The step is refused, with the reason, when the user's role, jurisdiction, the case's state or a guard does not allow it.")
    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("as"), help: "The username acting.") var username: String
    @Argument(help: "The case id.") var id: CaseID
    @Argument(help: "The action, e.g. accept, dispatch, request_extension, check_fail, supervise, merge, visit, reopen.") var action: String
    @Option(parsing: .unconditional, help: "Reason, opinion, reply or description (may start with a minus sign).") var note = ""
    @Option(help: "For dispatch: the body; for rate_subtask: the summoned body.") var department: OrganisationCode?
    @Option(help: "For summon: the bodies, comma-separated.") var departments: String?
    @Option(parsing: .unconditional, help: "For request_extension: working hours (above 0, at most 2,000).") var hours: Double?
    @Option(help: "Evidence: an http(s) link or media:ID (repeatable).") var attach: [String] = []
    @Option(parsing: .unconditional, help: "For merge: the case to merge into.") var parent: CaseID?
    @Option(help: "For visit: yes or no.") var solved: String?
    @Option(help: "For visit: satisfied, basically_satisfied or dissatisfied.") var satisfaction: String?
    @Option(parsing: .unconditional, help: "For rate_subtask: 1 to 5.") var rating: Int?
    @Option(parsing: .unconditional, help: "Refuse unless the case is at this version.") var expectVersion: Int?

    func validate() throws {
        if let expectVersion, expectVersion < 1 { throw ValidationError("--expect-version must be 1 or more") }
        if let hours, !(hours > 0 && hours <= 2000) { throw ValidationError("--hours must be working hours above 0 and at most 2,000") }
        if let rating, !(1...5).contains(rating) { throw ValidationError("--rating must be 1 to 5") }
        if let parent, parent < 1 { throw ValidationError("--parent must be a case id (1 or more)") }
    }

    func run() async throws {
        let service = try await database.openService()
        guard let user = try await service.store.user(username: username) else { throw ValidationError("--as: no user \(username)") }
        var parsedSatisfaction: Satisfaction?
        if let satisfaction {
            guard let value = Satisfaction(rawValue: satisfaction) else { throw ValidationError("--satisfaction must be satisfied, basically_satisfied or dissatisfied") }
            parsedSatisfaction = value
        }
        var parsedSolved: Bool?
        if let solved {
            guard ["yes", "no"].contains(solved) else { throw ValidationError("--solved must be yes or no") }
            parsedSolved = solved == "yes"
        }
        let command = WorkflowCommand(WorkflowAction(rawValue: action), note: note, departmentCode: department,
                                      departmentCodes: departments.map { $0.split(separator: ",").map { OrganisationCode(String($0)) } } ?? [], hours: hours,
                                      attachments: attach, parentCaseID: parent, solved: parsedSolved, satisfaction: parsedSatisfaction, rating: rating)
        let result = try await service.act(caseID: id, command: command, expectedVersion: expectVersion, by: Actor(user))
        print("\(result.value.number): \(result.value.state) v\(result.value.version)")
        for created in result.spawned { print("created \(created.number) (id \(created.id))") }
    }
}

struct ClockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock", abstract: "Run the clock once: warn at 80 % of a stage's limit, escalate overdue stages.",
        discussion: "`citygrid serve` runs the same scan every minute; this command runs one, e.g. from cron or after a restart. Each alert is raised once per case, stage and threshold.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The moment to scan at (ISO 8601); default now.") var now: String?

    func run() async throws {
        let at: Date
        if let now {
            guard let parsed = ISOTime.parse(now) else { throw ValidationError("--now must be \(ISOTime.expectation)") }
            at = parsed
        } else {
            at = Date()
        }
        let started = Date()
        let service = try await database.openService()
        // The same lease as a server's clock (on real time, whatever --now says): never two scans at once.
        let holder = "cli-\(UUID().uuidString.lowercased())"
        guard try await service.store.acquireLease(ClockService.leaseName, holder: holder, now: Date(), duration: 600) else {
            throw ValidationError("A running server's clock holds the lease on \(database.db) and scans every minute; nothing was scanned")
        }
        let scan: ClockWatcher.Scan
        do {
            scan = try await ClockWatcher(service: service).scan(at: at)
        } catch {
            try? await service.store.releaseLease(ClockService.leaseName, holder: holder)
            throw error
        }
        try await service.store.releaseLease(ClockService.leaseName, holder: holder)
        Console.error(String(format: "clock: %d warned, %d escalated in %.2f s", scan.warned, scan.escalated, Date().timeIntervalSince(started)))
    }
}
