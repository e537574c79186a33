import CityGridCore
import CityGridGeometry
import CityGridService
import CityGridStore
import Foundation

/// What a simulation should produce.
public struct SimulationOptions: Sendable {
    public var cases: Int
    public var seed: UInt64
    /// The span the reports fall in, ending at ``end``, in months of 30 days.
    public var months: Int
    public var end: Date
    /// Cases written per transaction.
    public var batchSize: Int

    public init(cases: Int, seed: UInt64 = 1, months: Int = 12, end: Date = Date(), batchSize: Int = 20_000) {
        self.cases = cases
        self.seed = seed
        self.months = months
        self.end = end
        self.batchSize = batchSize
    }
}

/// Runs cases through the closed loop over a past span, for demos and benchmarks: realistic channels,
/// categories (by the catalogue's typical shares), places (busier and quieter grids), hours of the day,
/// and timings. Every case is made by the real intake (``CaseIntake``: geocoding, classification,
/// numbering) and moved by the real ``WorkflowMachine`` with the staff of the right role and place;
/// cases whose next step would fall after ``SimulationOptions/end`` stay open where they are.
public struct CaseSimulator: Sendable {
    let service: CityService
    let staff: SimulationStaff

    public init(service: CityService, users: [User]) throws {
        guard !service.city.grids.isEmpty else {
            throw DomainError(.invalid, code: "no_grids", zh: "城市没有单元网格：请先导入网格", en: "The city has no unit grids: import grids first")
        }
        guard service.city.catalogue.entries.contains(where: { $0.typicalShare > 0 }) else {
            throw DomainError(.invalid, code: "no_shares", zh: "目录中没有常见比例大于0的小类，无法模拟", en: "No catalogue class has a positive typical_share to simulate")
        }
        self.service = service
        self.staff = try SimulationStaff(users: users)
    }

    /// Simulates and stores the cases; `progress` gets the number written so far.
    public func run(_ options: SimulationOptions, progress: @Sendable (Int) -> Void = { _ in }) async throws -> Int {
        var generator = CaseGenerator(service: service, staff: staff, options: options)
        var written = 0
        var pending: Task<Int, any Error>?
        while generator.produced < options.cases || pending != nil {
            let remaining = options.cases - generator.produced
            let batch = remaining > 0 ? try generator.next(min(remaining, options.batchSize)) : []
            if let pending { written += try await pending.value; progress(written) }
            pending = nil
            if !batch.isEmpty {
                let store = service.store
                // Write this batch while the next one is generated.
                pending = Task { try await store.insertCases(batch).count }
            }
        }
        return written
    }
}

/// The people the simulator acts as, by role and place.
struct SimulationStaff: Sendable {
    var intake: [Actor]
    var shiftLeaders: [Actor]
    var dispatchers: [Actor]
    var leaders: [Actor]
    var citizens: [Actor]
    var inspectorsByCommunity: [RegionCode: Actor]
    var cityInspectors: [Actor]
    var handlersByOrganisation: [OrganisationCode: Actor]

    init(users: [User]) throws {
        func actors(_ role: Role) -> [Actor] { users.filter { $0.role == role && $0.jurisdiction == nil }.map(Actor.init) }
        intake = actors(.intakeOperator)
        shiftLeaders = actors(.shiftLeader)
        dispatchers = actors(.dispatcher)
        leaders = actors(.leader)
        citizens = users.filter { $0.role == .citizen }.map(Actor.init)
        let inspectors = users.filter { $0.role == .inspector }
        inspectorsByCommunity = Dictionary(inspectors.compactMap { u in u.jurisdiction.flatMap { $0.level == .community ? ($0, Actor(u)) : nil } },
                                           uniquingKeysWith: { a, _ in a })
        cityInspectors = inspectors.filter { $0.jurisdiction == nil }.map(Actor.init)
        handlersByOrganisation = Dictionary(users.filter { $0.role == .departmentHandler }.compactMap { u in u.organisationCode.map { ($0, Actor(u)) } },
                                            uniquingKeysWith: { a, _ in a })
        for (role, list) in [(Role.intakeOperator, intake), (.shiftLeader, shiftLeaders), (.dispatcher, dispatchers), (.leader, leaders)] where list.isEmpty {
            throw DomainError(.invalid, code: "missing_staff", zh: "模拟需要全市范围的\(role.label.zh)", en: "Simulation needs a city-wide \(role.rawValue)")
        }
        if inspectorsByCommunity.isEmpty && cityInspectors.isEmpty {
            throw DomainError(.invalid, code: "missing_staff", zh: "模拟需要监督员", en: "Simulation needs inspectors")
        }
    }

    func inspector(for chain: GridChain, _ rng: inout SplitMix64) -> Actor? {
        inspectorsByCommunity[chain.community] ?? (cityInspectors.isEmpty ? nil : cityInspectors[rng.below(cityInspectors.count)])
    }
}
