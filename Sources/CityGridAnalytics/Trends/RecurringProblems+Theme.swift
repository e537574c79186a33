import CityGridCore

extension RecurringProblems {
    /// A proposed theme: one category in one region.
    public struct Theme: Hashable, Codable, Sendable {
        /// 1 for the first.
        public var rank: Int
        /// The minor class, `E0102`.
        public var category: String
        /// The region code at the options' level.
        public var region: String
        /// "Exposed garbage in Xinhua subdistrict", with the city's names when given, else the codes.
        public var title: LocalizedText
        /// Cases per month of the window, oldest first.
        public var monthly: [Int]
        /// Cases in the window.
        public var volume: Int
        /// The last month over the mean of the earlier ones; `nil` when that mean is 0 (or the window
        /// is one month).
        public var growth: Double?
        /// Months in which the combination was among the month's top ones (see the type's summary).
        public var recurrence: Int
        /// Its share of all the window's counted cases.
        public var share: Double
        /// Its share of its region's counted cases in the window.
        public var shareInRegion: Double
        /// A naive forecast of next month's cases: the mean of the last three months times the damped
        /// growth, 1 + damping × (growth − 1) (growth 1 when `nil`), never below 0.
        public var forecast: Double
        public var score: Double
        /// The standardised measures the score adds up.
        public var volumeZ: Double
        public var growthZ: Double
        public var recurrenceZ: Double
    }

    /// The names of categories and regions, from the city when given.
    struct Names {
        var categories: [CategoryCode: LocalizedText] = [:]
        var regions: [RegionCode: LocalizedText] = [:]
        var city = LocalizedText(zh: "全市", en: "the city")

        init(_ model: CityModel?) {
            guard let model else { return }
            for entry in model.catalogue.entries { categories[entry.code] = entry.name }
            for region in model.regions { regions[region.code] = region.name }
            for grid in model.grids { regions[grid.code] = grid.name }
            city = model.name
        }

        func title(_ category: CategoryCode, _ region: RegionCode?) -> LocalizedText {
            let c = categories[category] ?? LocalizedText(zh: category.rawValue, en: category.rawValue)
            let r = region.map { regions[$0] ?? LocalizedText(zh: $0.rawValue, en: $0.rawValue) } ?? city
            return LocalizedText(zh: "\(r.zh)：\(c.zh)", en: "\(c.en) in \(r.en)")
        }
    }
}
