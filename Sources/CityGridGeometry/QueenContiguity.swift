/// Binary queen contiguity (后相邻) between polygons: which grids are spatial neighbours
/// (空间邻接) of which.
///
/// Two polygons are neighbours when they share at least one vertex **exactly**: the same
/// longitude and the same latitude, bit for bit. Every ring counts, holes included. This is the
/// rule of libpysal's `Graph.build_contiguity(rook=False)` (its default, non-strict method), so
/// that hot spots computed here agree with the ones an analyst gets from PySAL on the same export.
///
/// The rule is about how the tiling is *written*, not about its geometry:
///
/// - Two grids that merely share a corner are neighbours (queen, 后相邻), unlike rook contiguity
///   (车相邻), which asks for a shared edge.
/// - Two grids that touch along a stretch of boundary *without* a common vertex (a T-junction:
///   one grid's corners lie inside its neighbour's edge) are **not** neighbours. libpysal's vertex
///   rule misses them too; its slower `strict=True` method is the one that would not.
/// - Vertices written with different rounding never match, and the grids they border come out
///   as ``islands``. An island in a city tiling almost always means a data problem.
/// - `-0.0` matches `0.0` (as Python's `==` does); a vertex with a NaN coordinate matches nothing.
///
/// ## Layout
///
/// The graph is stored in compressed sparse rows (CSR), the layout scipy.sparse uses, so that a
/// pass over every neighbour of every polygon is a single linear scan of two flat arrays:
/// polygon `i`'s neighbours are `neighbours[offsets[i] ..< offsets[i + 1]]`, ascending, without
/// `i` itself. The relation is symmetric, so ``neighbours`` holds every pair twice.
///
/// ## Building
///
/// A `Dictionary<GeoPoint, [Int]>` would do, but a city of 50,000 grids has some 350,000
/// vertices, and a dictionary of arrays (then a set per polygon) spends about 80 ms on them in
/// allocations and cache misses. Instead every vertex becomes one `UInt64`, a 32-bit hash of its
/// coordinates' bit patterns above its vertex number, and an LSD radix sort (three passes of at
/// most 11 bits) brings equal hashes together. Each run of equal hashes is then checked against
/// the exact coordinates, so a hash collision costs a small sort and never a false neighbour.
/// Because the sort is stable, the polygons of a run come out in ascending order, and a polygon
/// that repeats a vertex (a hole touching its exterior) is dropped as a neighbour of itself.
public struct QueenContiguity: Sendable, Hashable {
    /// Row starts: polygon `i`'s neighbours are `neighbours[offsets[i] ..< offsets[i + 1]]`.
    /// It has one element more than there are polygons, and starts with 0.
    public let offsets: [Int32]
    /// Every polygon's neighbours, one row after the other, each row ascending and without the
    /// polygon itself.
    public let neighbours: [Int32]

    /// The number of polygons.
    public var count: Int { offsets.count - 1 }

    /// The number of neighbours of polygon `i`.
    @inlinable
    public func neighbourCount(_ i: Int) -> Int { Int(offsets[i + 1] &- offsets[i]) }

    /// The neighbours of polygon `i`, ascending.
    @inlinable
    public func neighbours(of i: Int) -> ArraySlice<Int32> { neighbours[Int(offsets[i]) ..< Int(offsets[i + 1])] }

    /// The polygons without any neighbour, ascending.
    public var islands: [Int] { (0 ..< count).filter { offsets[$0] == offsets[$0 + 1] } }

    /// Builds the contiguity of `polygons`; polygon `i` of the graph is `polygons[i]`.
    ///
    /// Runs in time linear in the number of vertices (plus the square of the number of polygons
    /// meeting at one vertex, a handful in any tiling): about 10 ms for 50,000 grids.
    public init(polygons: [Polygon]) {
        self.init(polygons: polygons, hashBits: 32)
    }

    /// Builds the contiguity, hashing vertices to `hashBits` bits (1...32). Tests pass a few bits
    /// to force collisions through the exact check.
    init(polygons: [Polygon], hashBits: Int) {
        precondition((1 ... 32).contains(hashBits))
        precondition(polygons.count < Int(Int32.max), "too many polygons")
        let capacity = polygons.reduce(0) { $0 + $1.exterior.count + $1.holes.reduce(0) { $0 + $1.count } }
        precondition(capacity < Int(UInt32.max), "too many vertices")

        // Scratch space, in flat buffers so that the hot loops neither retain nor check exclusivity:
        // each vertex's bit patterns (longitude, latitude interleaved), its polygon, its sort key
        // (twice, for the sort), and the groups' polygons and ends.
        let bits = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * capacity)
        let owner = UnsafeMutableBufferPointer<Int32>.allocate(capacity: capacity)
        let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * capacity)
        let members = UnsafeMutableBufferPointer<Int32>.allocate(capacity: capacity)
        let groupEnds = UnsafeMutableBufferPointer<Int32>.allocate(capacity: capacity / 2 + 1)
        defer {
            bits.deallocate()
            owner.deallocate()
            keys.deallocate()
            members.deallocate()
            groupEnds.deallocate()
        }

        var count = 0
        let shift = UInt64(64 - hashBits)
        for (p, polygon) in polygons.enumerated() {
            Self.add(polygon.exterior, of: p, shift: shift, bits: bits, owner: owner, keys: keys, count: &count)
            for hole in polygon.holes { Self.add(hole, of: p, shift: shift, bits: bits, owner: owner, keys: keys, count: &count) }
        }
        let sorted = Self.radixSort(
            UnsafeMutableBufferPointer(rebasing: keys[..<count]), spare: UnsafeMutableBufferPointer(rebasing: keys[capacity ..< capacity + count]),
            bitsAbove32: hashBits)
        let groupCount = Self.groups(sortedKeys: sorted, bits: UnsafeBufferPointer(bits), owner: UnsafeBufferPointer(owner),
                                     members: members, groupEnds: groupEnds)
        (offsets, neighbours) = Self.rows(
            polygonCount: polygons.count, groupEnds: UnsafeBufferPointer(rebasing: groupEnds[..<groupCount]),
            members: UnsafeBufferPointer(members))
    }

    /// Appends the vertices of `ring`, a ring of polygon `p`, at `count`.
    @inline(__always)
    static func add(
        _ ring: [GeoPoint], of p: Int, shift: UInt64, bits: UnsafeMutableBufferPointer<UInt64>,
        owner: UnsafeMutableBufferPointer<Int32>, keys: UnsafeMutableBufferPointer<UInt64>, count: inout Int
    ) {
        for point in ring where !point.lon.isNaN && !point.lat.isNaN {
            // Adding 0.0 turns -0.0 into 0.0 and leaves every other value alone.
            let lon = (point.lon + 0.0).bitPattern, lat = (point.lat + 0.0).bitPattern
            bits[2 &* count] = lon
            bits[2 &* count &+ 1] = lat
            owner[count] = Int32(truncatingIfNeeded: p)
            keys[count] = (hash(lon, lat) >> shift) << 32 | UInt64(count)
            count &+= 1
        }
    }

    /// A 64-bit mix of a vertex's bit patterns (MurmurHash3's finaliser); callers keep the top bits.
    @inline(__always)
    static func hash(_ lon: UInt64, _ lat: UInt64) -> UInt64 {
        var x = lon &* 0x9E37_79B9_7F4A_7C15 ^ lat
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        return x ^ x >> 33
    }

    /// Sorts `keys` by their bits `32 ..< 32 + bitsAbove32` (the bits above are zero), stably, in
    /// passes of at most 11 bits that move the keys back and forth between `keys` and `spare`
    /// (exactly as long). Returns the one that ends up sorted.
    static func radixSort(
        _ keys: UnsafeMutableBufferPointer<UInt64>, spare: UnsafeMutableBufferPointer<UInt64>, bitsAbove32: Int
    ) -> UnsafeMutableBufferPointer<UInt64> {
        var (source, target) = (keys, spare)
        var starts = [Int](repeating: 0, count: 1 << 11 + 1)
        var low = 32
        while low < 32 + bitsAbove32 {
            let width = min(11, 32 + bitsAbove32 - low)
            let shift = UInt64(low), mask = UInt64(1) << UInt64(width) - 1
            starts.withUnsafeMutableBufferPointer { starts in
                for d in 0 ... 1 << width { starts[d] = 0 }
                for key in source { starts[Int(key >> shift & mask) &+ 1] &+= 1 }
                for d in 1 ... 1 << width { starts[d] &+= starts[d &- 1] }
                for key in source {
                    let d = Int(key >> shift & mask)
                    target[starts[d]] = key
                    starts[d] &+= 1
                }
            }
            swap(&source, &target)
            low += width
        }
        return source
    }

    /// Splits the sorted vertices into groups of one exact position that two or more polygons
    /// share, writing each group's polygons (ascending, without repeats) to `members` and its end
    /// there to `groupEnds`. Returns the number of groups.
    static func groups(
        sortedKeys keys: UnsafeMutableBufferPointer<UInt64>, bits: UnsafeBufferPointer<UInt64>, owner: UnsafeBufferPointer<Int32>,
        members: UnsafeMutableBufferPointer<Int32>, groupEnds: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        @inline(__always) func vertex(_ key: UInt64) -> Int { Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: key)) }
        @inline(__always) func lon(_ key: UInt64) -> UInt64 { bits[2 &* vertex(key)] }
        @inline(__always) func lat(_ key: UInt64) -> UInt64 { bits[2 &* vertex(key) &+ 1] }
        @inline(__always) func samePlace(_ a: UInt64, _ b: UInt64) -> Bool { lon(a) == lon(b) && lat(a) == lat(b) }
        var memberCount = 0, groupCount = 0
        var start = 0
        while start < keys.count {
            var end = start &+ 1
            while end < keys.count, keys[end] >> 32 == keys[start] >> 32 { end &+= 1 }
            defer { start = end }
            if end &- start < 2 { continue }
            if !keys[start ..< end].allSatisfy({ samePlace($0, keys[start]) }) {
                // A collision: order the run by position, then by vertex.
                keys[start ..< end].sort { (lon($0), lat($0), vertex($0)) < (lon($1), lat($1), vertex($1)) }
            }
            var i = start
            while i < end {
                var j = i &+ 1
                while j < end, samePlace(keys[j], keys[i]) { j &+= 1 }
                let first = memberCount
                for k in i ..< j where memberCount == first || members[memberCount &- 1] != owner[vertex(keys[k])] {
                    members[memberCount] = owner[vertex(keys[k])]
                    memberCount &+= 1
                }
                if memberCount &- first < 2 {
                    memberCount = first  // one polygon alone at this position
                } else {
                    groupEnds[groupCount] = Int32(truncatingIfNeeded: memberCount)
                    groupCount &+= 1
                }
                i = j
            }
        }
        return groupCount
    }

    /// Turns the groups into CSR rows: every polygon of a group is a neighbour of every other;
    /// pairs met at several shared vertices are kept once.
    static func rows(
        polygonCount n: Int, groupEnds: UnsafeBufferPointer<Int32>, members: UnsafeBufferPointer<Int32>
    ) -> (offsets: [Int32], neighbours: [Int32]) {
        // fill[i] is where row i's next neighbour goes: first the row's start, finally its end.
        let fill = UnsafeMutableBufferPointer<Int>.allocate(capacity: n + 1)
        defer { fill.deallocate() }
        fill.initialize(repeating: 0)
        var lo = 0
        for end in groupEnds {
            for m in members[lo ..< Int(end)] { fill[Int(m) &+ 1] &+= Int(end) &- lo &- 1 }
            lo = Int(end)
        }
        for i in 0 ..< n { fill[i &+ 1] &+= fill[i] }
        precondition(fill[n] < Int(Int32.max), "too many neighbour pairs")
        var neighbours: [Int32] = []
        let offsets = [Int32](unsafeUninitializedCapacity: n + 1) { offsets, initialized in
            neighbours = [Int32](unsafeUninitializedCapacity: fill[n]) { rows, written in
                lo = 0
                for end in groupEnds {
                    for a in members[lo ..< Int(end)] {
                        for b in members[lo ..< Int(end)] where b != a {
                            rows[fill[Int(a)]] = b
                            fill[Int(a)] &+= 1
                        }
                    }
                    lo = Int(end)
                }
                // Compact each row, dropping repeats (lastRow[b] is the last row that took b), then
                // sort it by insertion: a row of a tiling holds a handful of neighbours.
                let lastRow = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
                defer { lastRow.deallocate() }
                lastRow.initialize(repeating: -1)
                offsets[0] = 0
                var rowStart = 0
                for i in 0 ..< n {
                    let row = Int32(truncatingIfNeeded: i), out = written
                    for k in rowStart ..< fill[i] where lastRow[Int(rows[k])] != row {
                        lastRow[Int(rows[k])] = row
                        rows[written] = rows[k]
                        written &+= 1
                    }
                    for k in out ..< written {
                        let x = rows[k]
                        var j = k
                        while j > out, rows[j &- 1] > x {
                            rows[j] = rows[j &- 1]
                            j &-= 1
                        }
                        rows[j] = x
                    }
                    offsets[i &+ 1] = Int32(truncatingIfNeeded: written)
                    rowStart = fill[i]
                }
            }
            initialized = n + 1
        }
        return (offsets, neighbours)
    }
}
