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
        drafts.reserveCapacity(count + 1)
        while drafts.count < count {
            guard let made = try makeCase(room: options.cases - produced - drafts.count) else { continue }
            drafts += made
        }
        produced += drafts.count
        return drafts
    }

    /// One reported problem and its story, plus a duplicate report merged into it or the reporter's
    /// reopening. The decisions never depend on the batch (so any batch size gives the same cases);
    /// only at the very end of the run is an extra case left out when the total is reached. A batch
    /// may therefore run one or two cases over its size: a case and its linked one stay together.
    private mutating func makeCase(room: Int) throws -> [CaseDraft]? {
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
        // The reporter is whoever is responsible where the point geocodes.
        let chain = try service.geocoder.locate(point)
        let reporter = reporterActor(source, chain)
        let report = CaseReport(category: entry.code, location: point, description: entry.name.zh + " / " + entry.name.en, source: source)
        let draft = try service.intake.draft(report, by: reporter, at: Date(timeIntervalSince1970: reported))
        var story = CaseStory(machine: service.machine, staff: staff, draft: draft, end: end, rng: rng)
        story.run()
        rng = story.rng
        var made = [story.draft]
        // About 3 % of problems are reported twice: the second report, nearby and soon after, is
        // merged into the first by intake.
        if rng.unit() < 0.03, let duplicate = try duplicate(of: story.draft.value, entry: entry), room > made.count {
            made.append(duplicate)
        }
        // A reopened case lives its own story (without reopening again).
        if made.count == 1, let reopened = story.reopened {
            var again = CaseStory(machine: service.machine, staff: staff, draft: reopened, end: end, rng: rng, mayReopen: false)
            again.run()
            rng = again.rng
            if room > made.count { made.append(again.draft) }
        }
        return made
    }

    private mutating func reporterActor(_ source: CaseSource, _ chain: GridChain) -> Actor {
        switch source {
        case .inspector: return staff.inspector(for: chain, &rng) ?? pick(staff.intake)
        case .citizenApp, .open311: return staff.citizens.isEmpty ? pick(staff.intake) : pick(staff.citizens)
        case .hotline, .sensor, .higherLevel: return pick(staff.intake)
        }
    }

    /// A second report of the same problem, merged into `parent` (the case drafted just before it).
    private mutating func duplicate(of parent: Case, entry: CatalogueEntry) throws -> CaseDraft? {
        // Only into a case that is still open, or that ended by closing (not rejected or invalidated).
        guard !service.machine.environment.definition.isTerminal(parent.state) || parent.state == .closed else { return nil }
        let parentOpenUntil = (parent.closedAt ?? Date(timeIntervalSince1970: end)).timeIntervalSince1970
        let reported = parent.reportedAt.timeIntervalSince1970 + rng.uniform(600, 6 * 3600)
        guard reported < parentOpenUntil - 600, reported < end - 600 else { return nil }
        let projection = LocalProjection(origin: parent.location)
        let p = projection.toGeo(x: rng.uniform(-20, 20), y: rng.uniform(-20, 20))
        let point = GeoPoint(lon: (p.lon * 1e7).rounded() / 1e7, lat: (p.lat * 1e7).rounded() / 1e7)
        guard (try? service.geocoder.locate(point)) != nil else { return nil }
        let reporter = staff.citizens.isEmpty ? pick(staff.intake) : pick(staff.citizens)
        let report = CaseReport(category: entry.code, location: point, description: "同一问题再次上报 / Reported again", source: .citizenApp)
        guard var draft = try? service.intake.draft(report, by: reporter, at: Date(timeIntervalSince1970: reported)) else { return nil }
        draft.link = .mergedIntoPrevious
        let merger = pick(staff.intake)
        let at = Date(timeIntervalSince1970: reported + rng.uniform(60, 600))
        // The parent's id is not known until the store writes it: the draft merges into the draft
        // written just before it (its link), and the store fills the id in.
        let outcome = try service.machine.apply(WorkflowCommand(.merge, note: "duplicate", parentCaseID: Self.parentNumberedOnWrite),
                                                to: draft.value, by: merger, at: at)
        draft.value = outcome.next
        draft.value.parentCaseID = nil
        draft.events.append(outcome.event)
        return draft
    }

    /// The parent named when a duplicate is merged before either case is written. The machine merges
    /// only into another, numbered case, but the parent here is the draft just before (still
    /// ``Identifier/unassigned``, as is the duplicate): this stands in for its id to pass that check.
    /// It is never written: the merged draft leaves with no parent, and the store sets the parent's
    /// real id from ``CaseDraft/Link/mergedIntoPrevious``. (The merge event does not record the parent.)
    private static let parentNumberedOnWrite = CaseID(Int64.max)

    private mutating func pick(_ actors: [Actor]) -> Actor {
        actors[rng.below(actors.count)]
    }
}
