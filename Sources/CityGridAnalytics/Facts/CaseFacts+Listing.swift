import CityGridCore
import Foundation

/// Which cases a public list wants (公开案件筛选), in the fact table's terms: every part optional,
/// combined by AND.
public struct FactListFilter: Sendable, Hashable {
    public var categories: Set<CategoryCode>?
    /// A region at any level, or a grid: the case's grid code starts with it.
    public var region: RegionCode?
    /// Only cases in these grids.
    public var grids: Set<RegionCode>?
    public var reportedFrom: Date?
    public var reportedBefore: Date?
    public var updatedFrom: Date?
    public var updatedBefore: Date?
    /// `true`: open to the public (not ended, not merged); `false`: closed, not accepted or merged.
    public var open: Bool?

    public init(categories: Set<CategoryCode>? = nil, region: RegionCode? = nil, reportedFrom: Date? = nil, reportedBefore: Date? = nil,
                updatedFrom: Date? = nil, updatedBefore: Date? = nil, open: Bool? = nil) {
        self.categories = categories
        self.region = region
        self.reportedFrom = reportedFrom
        self.reportedBefore = reportedBefore
        self.updatedFrom = updatedFrom
        self.updatedBefore = updatedBefore
        self.open = open
    }
}

extension CaseFacts {
    /// The ids of the cases matching `filter`, newest (highest id) first, skipping `offset` and
    /// taking `limit`; `more` tells whether any match lies beyond. One pass over the columns keeping
    /// only the `offset + limit + 1` highest ids (a bounded heap), so a first page costs a scan and no
    /// sort of every match.
    public func caseIDs(matching filter: FactListFilter, offset: Int, limit: Int) -> (ids: [CaseID], more: Bool) {
        let keep = max(0, offset) + max(0, limit) + 1
        guard limit > 0 else { return ([], false) }
        var categoryMask: [Bool]?
        if let wanted = filter.categories {
            var mask = [Bool](repeating: false, count: dimensions.categories.count + 1)
            for code in wanted { if let i = dimensions.categoryIndexIfKnown(code).map(Int.init), i < mask.count { mask[i] = true } }
            categoryMask = mask
        }
        var gridMask: [Bool]?
        if filter.region != nil || filter.grids != nil {
            let prefix = filter.region?.rawValue ?? ""
            gridMask = dimensions.gridCodes.map { $0.rawValue.hasPrefix(prefix) && (filter.grids?.contains($0) ?? true) }
        }
        func bound(_ date: Date?, _ fallback: Int32) -> Int32 { date.map(Self.seconds) ?? fallback }
        let rFrom = bound(filter.reportedFrom, .min), rBefore = bound(filter.reportedBefore, .max)
        let uFrom = bound(filter.updatedFrom, .min), uBefore = bound(filter.updatedBefore, .max)
        let open = FactFlags.open.rawValue, merged = FactFlags.merged.rawValue
        var heap = MinHeap(capacity: keep)
        for row in caseID.indices {
            let r = reported[row]
            guard r >= rFrom, r < rBefore else { continue }
            if filter.updatedFrom != nil || filter.updatedBefore != nil {
                let u = updated[row]
                guard u >= uFrom, u < uBefore else { continue }
            }
            if let wantOpen = filter.open {
                let f = flags[row]
                guard (f & open != 0 && f & merged == 0) == wantOpen else { continue }
            }
            if let categoryMask {
                let c = Int(category[row])
                guard c < categoryMask.count, categoryMask[c] else { continue }
            }
            if let gridMask {
                let g = Int(grid[row])
                guard g >= 0, g < gridMask.count, gridMask[g] else { continue }
            }
            heap.offer(caseID[row])
        }
        let newest = heap.sortedDescending()
        let page = newest.dropFirst(max(0, offset)).prefix(limit)
        return (page.map { CaseID($0) }, newest.count > max(0, offset) + limit)
    }
}

/// The `capacity` largest values offered, kept in a binary min-heap.
private struct MinHeap {
    let capacity: Int
    private var items: [Int64] = []

    init(capacity: Int) {
        self.capacity = capacity
        items.reserveCapacity(min(capacity, 1 << 16))
    }

    mutating func offer(_ value: Int64) {
        if items.count < capacity {
            items.append(value)
            var i = items.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard items[parent] > items[i] else { break }
                items.swapAt(parent, i); i = parent
            }
        } else if let smallest = items.first, value > smallest {
            items[0] = value
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, items[l] < items[m] { m = l }
                if r < items.count, items[r] < items[m] { m = r }
                guard m != i else { break }
                items.swapAt(m, i); i = m
            }
        }
    }

    func sortedDescending() -> [Int64] { items.sorted(by: >) }
}
