import CityGridCore
import CityGridGeometry
import CityGridService
import Foundation

/// Produces simulated cases batch by batch (see ``CaseSimulator``).
struct CaseGenerator {
    let service: CityService
    let staff: SimulationStaff
    let options: SimulationOptions
    var rng: SplitMix64
    private(set) var produced = 0
    private let categories: [CatalogueEntry]
    private let categoryPicker: WeightedPicker
    private let gridPicker: WeightedPicker
    private let sourcePicker = WeightedPicker(weights: [55, 18, 20, 2, 4, 1])
    private let sources: [CaseSource] = [.inspector, .citizenApp, .hotline, .open311, .sensor, .higherLevel]
    /// Reports by hour of the day (local), inspectors and citizens together.
    private let hourPicker = WeightedPicker(weights: [1, 0.5, 0.3, 0.3, 0.4, 0.8, 2, 4, 8, 10, 10, 9, 6, 8, 10, 10, 9, 8, 6, 5, 4, 3, 2, 1.5])
    private let start: Double
    private let end: Double

    init(service: CityService, staff: SimulationStaff, options: SimulationOptions) {
        self.service = service
        self.staff = staff
        self.options = options
        var rng = SplitMix64(seed: options.seed &* 0x9E37_79B9_7F4A_7C15 &+ 17)
        categories = service.city.catalogue.entries.filter { $0.typicalShare > 0 }
        categoryPicker = WeightedPicker(weights: categories.map(\.typicalShare))
        // Busy and quiet places: a log-normal intensity per grid.
        gridPicker = WeightedPicker(weights: service.city.grids.map { _ in rng.logNormal(median: 1, sigma: 0.9) })
        self.rng = rng
        end = options.end.timeIntervalSince1970.rounded(.down)
        start = end - Double(options.months) * 30 * 86_400
    }

    mutating func next(_ count: Int) throws -> [CaseDraft] {
        var drafts: [CaseDraft] = []
        drafts.reserveCapacity(count)
        while drafts.count < count {
            if let draft = try makeCase() { drafts.append(draft) }
        }
        produced += drafts.count
        return drafts
    }

    private mutating func makeCase() throws -> CaseDraft? {
        let calendar = service.city.calendar
        let entry = categories[categoryPicker.pick(&rng)]
        let grid = service.city.grids[gridPicker.pick(&rng)]
        let point = DemoPoints.random(in: grid.boundary, rng: &rng)
        // A day in the span, an hour by the daily pattern, in local time.
        let days = Int((end - start) / 86_400)
        let dayStart = (start / 86_400).rounded(.down) * 86_400 + Double(rng.below(max(days, 1))) * 86_400
        var reported = dayStart + Double(hourPicker.pick(&rng)) * 3600 + rng.uniform(0, 3600) - Double(calendar.utcOffsetSeconds)
        if reported >= end { reported = end - rng.uniform(1, 86_400) }
        guard reported >= start else { return nil }
        let source = sources[sourcePicker.pick(&rng)]
        // The reporter is whoever is responsible where the point geocodes (a point drawn on a shared
        // edge belongs to the neighbour by the edge rule).
        let chain = try service.geocoder.locate(point)
        let reporter: Actor
        switch source {
        case .inspector: reporter = staff.inspector(for: chain, &rng) ?? pick(staff.intake)
        case .citizenApp, .open311: reporter = staff.citizens.isEmpty ? pick(staff.intake) : pick(staff.citizens)
        case .hotline, .sensor, .higherLevel: reporter = pick(staff.intake)
        }
        let report = CaseReport(category: entry.code, location: point, description: entry.name.zh + " / " + entry.name.en, source: source)
        var draft = try service.intake.draft(report, by: reporter, at: Date(timeIntervalSince1970: reported))
        var value = draft.value
        var clock = reported
        let machine = service.machine, end = self.end
        func step(_ command: WorkflowCommand, _ actor: Actor?, after seconds: Double) throws -> Bool {
            guard let actor else { return false }
            let at = clock + max(1, seconds.rounded())
            guard at < end else { return false }
            let (next, event) = try machine.apply(command, to: value, by: actor, at: Date(timeIntervalSince1970: at))
            value = next
            draft.events.append(event)
            clock = at
            return true
        }
        // Intake, filing and dispatch within minutes to an hour; disposal takes a log-normal share of
        // the time limit (about one case in seven overdue); then the on-site check and the closing.
        guard try step(WorkflowCommand(.accept), pick(staff.intake), after: rng.exponential(mean: 600)),
              try step(WorkflowCommand(.file), pick(staff.shiftLeaders), after: rng.exponential(mean: 900)),
              try step(WorkflowCommand(.dispatch), pick(staff.dispatchers), after: rng.exponential(mean: 1200)),
              let deadline = value.deadlineAt, let department = value.departmentCode else {
            return finish(&draft, value)
        }
        let allowed = deadline.timeIntervalSince1970 - clock
        let share = rng.logNormal(median: 0.45, sigma: 0.75)
        guard try step(WorkflowCommand(.dispose), staff.handlersByOrganisation[department], after: max(300, allowed * share)),
              try step(WorkflowCommand(.check), staff.inspector(for: value.chain, &rng), after: rng.exponential(mean: 5400)),
              try step(WorkflowCommand(.close), pick(staff.shiftLeaders), after: rng.exponential(mean: 3600)) else {
            return finish(&draft, value)
        }
        return finish(&draft, value)
    }

    private func finish(_ draft: inout CaseDraft, _ value: Case) -> CaseDraft {
        draft.value = value
        return draft
    }

    private mutating func pick(_ actors: [Actor]) -> Actor {
        actors[rng.below(actors.count)]
    }
}
