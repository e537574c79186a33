@testable import CityGridApplication
import Testing

/// The dashboards' cache of analyses: a result belongs to the fact table's generation, an older one is
/// given only to a question that allows it and only for that long, and the cache stays bounded.
@Suite struct AnalysisCacheTests {
    typealias Key = AnalysisCache.Key

    @Test func aResultIsKeptForItsGenerationOnly() async throws {
        let cache = AnalysisCache()
        let key = Key(kind: "evaluation", parameters: ["standard", "district", "2026-10"], generation: 5)
        var computed = 0
        for _ in 0..<3 { _ = await cache.get(key) { computed += 1; return 42 } }
        #expect(computed == 1)
        // The table changed: computed again, and the older result is not given back after it.
        var newer = key
        newer.generation = 6
        #expect(await cache.get(newer) { computed += 1; return 43 } == 43 && computed == 2)
        cache.store(41, under: key)
        #expect(cache.value(newer, as: Int.self) == 43)
        // Another question is another result; a different type is no result.
        #expect(cache.value(Key(kind: "evaluation", parameters: ["basic", "district", "2026-10"], generation: 6), as: Int.self) == nil)
        #expect(cache.value(newer, as: String.self) == nil)
    }

    @Test func anOlderResultIsGivenOnlyWhereAllowedAndForAWhile() async throws {
        let cache = AnalysisCache()
        let key = Key(kind: "time-to-close", parameters: ["2026-10"], generation: 1)
        cache.store("old", under: key)
        var later = key
        later.generation = 2
        #expect(cache.value(later, as: String.self) == nil)
        #expect(cache.value(later, staleFor: .seconds(60), as: String.self) == "old")
        try await Task.sleep(for: .milliseconds(30))
        #expect(cache.value(later, staleFor: .milliseconds(10), as: String.self) == nil)
    }

    @Test func theCacheIsBoundedDroppingTheLeastRecentlyUsed() {
        let cache = AnalysisCache(capacity: 3)
        let keys = (0..<4).map { Key(kind: "k", parameters: ["\($0)"], generation: 0) }
        for key in keys.prefix(3) { cache.store(0, under: key) }
        _ = cache.value(keys[0], as: Int.self)
        cache.store(0, under: keys[3])
        #expect(cache.count == 3)
        #expect(cache.value(keys[1], as: Int.self) == nil && cache.value(keys[0], as: Int.self) == 0)
    }
}
