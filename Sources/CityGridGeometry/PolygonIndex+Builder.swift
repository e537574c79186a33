extension PolygonIndex {
    /// The uniform bucket grid: its origin, bucket size and dimensions.
    struct Grid {
        var minLon = 0.0, minLat = 0.0
        var bucketWidth = 1.0, bucketHeight = 1.0
        var bucketsPerDegreeLon = 0.0, bucketsPerDegreeLat = 0.0
        var columns = 0, rows = 0

        /// The margin, in degrees, by which edges must miss a bucket to leave it untouched.
        var marginLon: Double { bucketWidth * 1e-6 }
        var marginLat: Double { bucketHeight * 1e-6 }

        /// The column of a longitude, by the same arithmetic as `locate`, clamped to the grid.
        func column(_ lon: Double) -> Int {
            let f = ((lon - minLon) * bucketsPerDegreeLon).rounded(.down)
            return f < 0 ? 0 : f >= Double(columns) ? columns - 1 : Int(f)
        }

        /// The row of a latitude, by the same arithmetic as `locate`, clamped to the grid.
        func row(_ lat: Double) -> Int {
            let f = ((lat - minLat) * bucketsPerDegreeLat).rounded(.down)
            return f < 0 ? 0 : f >= Double(rows) ? rows - 1 : Int(f)
        }
    }

    /// Flattens the polygons and classifies the buckets. Used once by `init`.
    struct Builder {
        let polygons: [Polygon]
        let bbox: BoundingBox
        let grid: Grid
        var pathStart: [Int32] = [0]
        var coordinates: [Double] = []
        var buckets: [Int32] = []
        var candidates: [Int32] = []

        init(polygons: [Polygon], bucketsPerPolygon: Double) {
            self.polygons = polygons
            let boxes = polygons.map { BoundingBox.around($0.rings.joined()) }
            self.bbox = boxes.reduce(BoundingBox.empty) { $0.union($1) }
            self.grid = Builder.grid(bbox: bbox, boxes: boxes, bucketsPerPolygon: bucketsPerPolygon)
            coordinates.reserveCapacity(polygons.reduce(0) { $0 + 2 * ($1.exterior.count + 3 * $1.holes.count + 1) })
            for polygon in polygons {
                appendPath(of: polygon)
                precondition(coordinates.count / 2 < Int(Int32.max), "PolygonIndex holds fewer than 2³¹ vertices")
                pathStart.append(Int32(coordinates.count / 2))
            }
        }

        /// Appends the polygon's rings as one path: the exterior closed, then
        /// each hole closed, entered from and left back to the exterior's first
        /// vertex (the bridge edges cancel under the symmetric edge rule).
        mutating func appendPath(of polygon: Polygon) {
            var anchor: GeoPoint?
            for ring in polygon.rings where !ring.isEmpty {
                for point in ring + [ring[0]] { coordinates += [point.lon, point.lat] }
                if let anchor {
                    coordinates += [anchor.lon, anchor.lat]
                } else {
                    anchor = ring[0]
                }
            }
        }

        /// Sizes the buckets so that an average polygon's box spans about
        /// `bucketsPerPolygon` of them, with one spare bucket on every side.
        static func grid(bbox: BoundingBox, boxes: [BoundingBox], bucketsPerPolygon: Double) -> Grid {
            var grid = Grid()
            let nonEmpty = boxes.filter { !$0.isEmpty }
            guard !bbox.isEmpty, bbox.minLon.isFinite, bbox.maxLon.isFinite, bbox.minLat.isFinite,
                  bbox.maxLat.isFinite, !nonEmpty.isEmpty
            else { return grid }
            let n = Double(nonEmpty.count)
            let perSide = max(bucketsPerPolygon, 1).squareRoot()
            let meanWidth = nonEmpty.reduce(0) { $0 + $1.width } / n
            let meanHeight = nonEmpty.reduce(0) { $0 + $1.height } / n
            let fallback = max(bbox.width, bbox.height, 1e-9) / max(1, (n * bucketsPerPolygon).squareRoot())
            var width = meanWidth > 0 ? meanWidth / perSide : fallback
            var height = meanHeight > 0 ? meanHeight / perSide : fallback
            let maxBuckets = Double(min(1 << 26, max(4096, Int(n * max(bucketsPerPolygon, 1) * 4))))
            while true {
                let columns = (bbox.width / width).rounded(.up) + 2
                let rows = (bbox.height / height).rounded(.up) + 2
                if columns * rows <= maxBuckets {
                    grid.columns = Int(columns)
                    grid.rows = Int(rows)
                    break
                }
                let grow = (columns * rows / maxBuckets).squareRoot() * 1.01
                width *= grow
                height *= grow
            }
            grid.bucketWidth = width
            grid.bucketHeight = height
            grid.minLon = bbox.minLon - width
            grid.minLat = bbox.minLat - height
            grid.bucketsPerDegreeLon = 1 / width
            grid.bucketsPerDegreeLat = 1 / height
            return grid
        }

        /// Decides, for every bucket, whether it is empty, full or mixed, and
        /// fills `buckets` and `candidates`.
        mutating func classifyBuckets() {
            let bucketCount = grid.columns * grid.rows
            guard bucketCount > 0 else { return }
            // (bucket, entry) pairs in ascending polygon order. The entry is the
            // polygon `i` when one of its edges touches the bucket, and `~i`
            // when the polygon covers the bucket without touching it.
            var pairBuckets: [Int32] = []
            var pairEntries: [Int32] = []
            var touchedBy = [Int32](repeating: -1, count: bucketCount)
            let mx = grid.marginLon, my = grid.marginLat

            for (i, polygon) in polygons.enumerated() {
                let id = Int32(i)
                for ring in polygon.rings where ring.count > 1 {
                    var a = ring[ring.count - 1]
                    for b in ring {
                        defer { a = b }
                        for bucket in touchedBuckets(a, b) where touchedBy[bucket] != id {
                            touchedBy[bucket] = id
                            pairBuckets.append(Int32(bucket))
                            pairEntries.append(id)
                        }
                    }
                }
                let box = BoundingBox.around(polygon.rings.joined())
                guard !box.isEmpty else { continue }
                for row in grid.row(box.minLat - my)...grid.row(box.maxLat + my) {
                    for column in grid.column(box.minLon - mx)...grid.column(box.maxLon + mx) {
                        let bucket = row * grid.columns + column
                        guard touchedBy[bucket] != id else { continue }
                        let center = GeoPoint(
                            lon: grid.minLon + (Double(column) + 0.5) * grid.bucketWidth,
                            lat: grid.minLat + (Double(row) + 0.5) * grid.bucketHeight)
                        if polygon.contains(center) {
                            pairBuckets.append(Int32(bucket))
                            pairEntries.append(~id)
                        }
                    }
                }
            }
            collectCandidates(pairBuckets: pairBuckets, pairEntries: pairEntries, bucketCount: bucketCount)
        }

        /// The buckets that the segment from `a` to `b` passes within the margin of.
        func touchedBuckets(_ a: GeoPoint, _ b: GeoPoint) -> [Int] {
            let mx = grid.marginLon, my = grid.marginLat
            let columns = grid.column(min(a.lon, b.lon) - mx)...grid.column(max(a.lon, b.lon) + mx)
            let rows = grid.row(min(a.lat, b.lat) - my)...grid.row(max(a.lat, b.lat) + my)
            let dx = b.lon - a.lon, dy = b.lat - a.lat
            var result: [Int] = []
            for row in rows {
                let south = grid.minLat + Double(row) * grid.bucketHeight - my - a.lat
                let north = grid.minLat + Double(row + 1) * grid.bucketHeight + my - a.lat
                for column in columns {
                    let west = grid.minLon + Double(column) * grid.bucketWidth - mx - a.lon
                    let east = grid.minLon + Double(column + 1) * grid.bucketWidth + mx - a.lon
                    // The segment's line separates the grown bucket when all four
                    // corners lie strictly on one side of it.
                    let sw = dx * south - dy * west, se = dx * south - dy * east
                    let nw = dx * north - dy * west, ne = dx * north - dy * east
                    let separated = (sw > 0 && se > 0 && nw > 0 && ne > 0) || (sw < 0 && se < 0 && nw < 0 && ne < 0)
                    if !separated { result.append(row * grid.columns + column) }
                }
            }
            return result
        }

        /// Groups the pairs by bucket and writes `buckets` and `candidates`.
        ///
        /// A bucket's list is cut after its first covering polygon, since that
        /// polygon contains every point of the bucket and any later polygon
        /// would lose to it. A list that starts with a covering polygon makes
        /// the bucket full.
        mutating func collectCandidates(pairBuckets: [Int32], pairEntries: [Int32], bucketCount: Int) {
            var start = [Int](repeating: 0, count: bucketCount + 1)
            for bucket in pairBuckets { start[Int(bucket) + 1] += 1 }
            for b in 0..<bucketCount { start[b + 1] += start[b] }
            var grouped = [Int32](repeating: 0, count: pairEntries.count)
            var next = start
            for (bucket, entry) in zip(pairBuckets, pairEntries) {
                grouped[next[Int(bucket)]] = entry
                next[Int(bucket)] += 1
            }

            buckets = [Int32](repeating: -1, count: bucketCount)
            candidates = []
            for b in 0..<bucketCount where start[b] < start[b + 1] {
                let first = grouped[start[b]]
                if first < 0 {
                    buckets[b] = ~first
                    continue
                }
                precondition(candidates.count < Int(Int32.max) - 2, "PolygonIndex candidate lists overflow")
                let offset = candidates.count
                candidates.append(0)
                for entry in grouped[start[b]..<start[b + 1]] {
                    candidates.append(entry < 0 ? ~entry : entry)
                    if entry < 0 { break }
                }
                candidates[offset] = Int32(candidates.count - offset - 1)
                buckets[b] = -2 - Int32(offset)
            }
        }
    }
}
