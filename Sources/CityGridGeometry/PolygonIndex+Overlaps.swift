extension PolygonIndex {
    /// Every pair of polygons whose interiors overlap, as `(i, j)` with
    /// `i < j`, sorted.
    ///
    /// Neighbours that only share edges or vertices do not overlap; see
    /// ``Polygon/overlaps(_:tolerance:)`` for the exact test and its tolerance.
    /// Use it when importing a city's grids to refuse overlapping ones.
    ///
    /// Candidate pairs come from a coarse grid of polygon bounding boxes, about
    /// one polygon per cell, so the cost grows with the number of neighbours,
    /// not with the square of the number of polygons.
    public func overlappingPairs(tolerance: Double = 1e-10) -> [(Int, Int)] {
        let boxes = polygons.map { BoundingBox.around($0.rings.joined()) }
        let grid = Builder.grid(bbox: bbox, boxes: boxes, bucketsPerPolygon: 1)
        guard grid.columns > 0 else { return [] }

        // Which polygons' boxes reach each cell, in ascending polygon order.
        var start = [Int](repeating: 0, count: grid.columns * grid.rows + 1)
        func cells(of box: BoundingBox) -> [Int] {
            guard !box.isEmpty else { return [] }
            return (grid.row(box.minLat)...grid.row(box.maxLat)).flatMap { row in
                (grid.column(box.minLon)...grid.column(box.maxLon)).map { row * grid.columns + $0 }
            }
        }
        let cellsOfPolygon = boxes.map(cells(of:))
        for list in cellsOfPolygon { for cell in list { start[cell + 1] += 1 } }
        for c in 0..<(start.count - 1) { start[c + 1] += start[c] }
        var members = [Int](repeating: 0, count: start[start.count - 1])
        var next = start
        for (i, list) in cellsOfPolygon.enumerated() {
            for cell in list {
                members[next[cell]] = i
                next[cell] += 1
            }
        }

        var points: [GeoPoint?] = Array(repeating: nil, count: polygons.count)
        func representativePoint(_ i: Int) -> GeoPoint {
            if let point = points[i] { return point }
            let point = polygons[i].representativePoint
            points[i] = point
            return point
        }

        var pairs: [(Int, Int)] = []
        for cell in 0..<(start.count - 1) {
            let list = members[start[cell]..<start[cell + 1]]
            for (n, i) in zip(list.indices, list) {
                for j in list[(n + 1)...] where boxes[i].intersects(boxes[j]) {
                    // Test each pair once: in the cell holding the south-west
                    // corner of the intersection of the two boxes.
                    let corner = grid.row(max(boxes[i].minLat, boxes[j].minLat)) * grid.columns
                        + grid.column(max(boxes[i].minLon, boxes[j].minLon))
                    guard corner == cell else { continue }
                    if polygons[i].overlaps(
                        polygons[j], tolerance: tolerance,
                        representativePoint: representativePoint(i), otherRepresentativePoint: representativePoint(j))
                    {
                        pairs.append((i, j))
                    }
                }
            }
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return pairs
    }
}
