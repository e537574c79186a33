/// Lloyd's k-means in the plane, deterministic: used to group grids into communities, communities
/// into subdistricts and subdistricts into districts, so that every region is a compact union of the
/// regions below it (and a grid never crosses a community boundary, by construction).
enum Clustering {
    /// Assigns each weighted point to one of `k` clusters; returns the cluster of every point.
    /// Clusters are seeded on distinct points drawn with `rng`, then refined by `iterations` rounds.
    static func kMeans(points: [(x: Double, y: Double)], weights: [Double]? = nil, k: Int, iterations: Int,
                       rng: inout SplitMix64) -> [Int] {
        precondition(k >= 1 && k <= points.count, "need between 1 and \(points.count) clusters")
        var chosen = Set<Int>()
        var seeds: [(x: Double, y: Double)] = []
        while seeds.count < k {
            let i = rng.below(points.count)
            if chosen.insert(i).inserted { seeds.append(points[i]) }
        }
        var assignment = [Int](repeating: 0, count: points.count)
        for round in 0...iterations {
            for (p, point) in points.enumerated() {
                var best = 0, bestDistance = Double.infinity
                for (s, seed) in seeds.enumerated() {
                    let dx = point.x - seed.x, dy = point.y - seed.y
                    let d = dx * dx + dy * dy
                    if d < bestDistance { bestDistance = d; best = s }
                }
                assignment[p] = best
            }
            if round == iterations { break }
            var sumX = [Double](repeating: 0, count: k), sumY = sumX, sumW = sumX
            for (p, cluster) in assignment.enumerated() {
                let w = weights?[p] ?? 1
                sumX[cluster] += points[p].x * w
                sumY[cluster] += points[p].y * w
                sumW[cluster] += w
            }
            for s in 0..<k where sumW[s] > 0 {
                seeds[s] = (sumX[s] / sumW[s], sumY[s] / sumW[s])
            }
        }
        return assignment
    }
}
