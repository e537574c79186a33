import CityGridGeometry
import Testing

@Suite("Area, centroid and the local projection")
struct MeasurementTests {
    let projection = LocalProjection(origin: GeoPoint(lon: 116.4, lat: 39.9))

    /// A square of `side` metres with its south-west corner `x`, `y` metres from the origin.
    func square(x: Double = 0, y: Double = 0, side: Double) -> Polygon {
        Polygon(exterior: [
            projection.toGeo(x: x, y: y), projection.toGeo(x: x + side, y: y),
            projection.toGeo(x: x + side, y: y + side), projection.toGeo(x: x, y: y + side),
        ])
    }

    @Test("A 100 m square measures 10,000 m² within 0.5 %")
    func hundredMetreSquare() {
        let area = square(side: 100).areaSquareMetres
        #expect(abs(area - 10_000) / 10_000 < 0.005, "\(area)")
    }

    @Test("A 100 m square built in degrees measures 10,000 m² within 0.5 %")
    func hundredMetreSquareInDegrees() {
        // 100 m of latitude and of longitude at 39.9N, from the spherical formulas.
        let metresPerDegree = 6_371_008.8 * Double.pi / 180
        let dLat = 100 / metresPerDegree
        let dLon = 100 / (metresPerDegree * cosApprox(39.9 * Double.pi / 180))
        let area = rectangle(116.4, 39.9, 116.4 + dLon, 39.9 + dLat).areaSquareMetres
        #expect(abs(area - 10_000) / 10_000 < 0.005, "\(area)")
    }

    @Test("Area ignores orientation and subtracts holes")
    func areaWithHoles() {
        let outer = square(side: 100)
        let reversed = Polygon(exterior: outer.exterior.reversed())
        #expect(abs(reversed.areaSquareMetres - outer.areaSquareMetres) < 1e-6)
        let hole = square(x: 25, y: 25, side: 50).exterior
        let donut = Polygon(exterior: outer.exterior, holes: [hole])
        #expect(abs(donut.areaSquareMetres - 7_500) < 40, "\(donut.areaSquareMetres)")
    }

    @Test("Area of an L-shape")
    func lShape() {
        let l = Polygon(exterior: [(0.0, 0.0), (200, 0), (200, 100), (100, 100), (100, 200), (0, 200)].map {
            projection.toGeo(x: $0.0, y: $0.1)
        })
        #expect(abs(l.areaSquareMetres - 30_000) / 30_000 < 0.005, "\(l.areaSquareMetres)")
    }

    @Test("The centroid of a square is its middle; of an L-shape, the area-weighted middle")
    func centroid() {
        let c = rectangle(0, 0, 2, 2).centroid
        #expect(abs(c.lon - 1) < 1e-12 && abs(c.lat - 1) < 1e-12)
        let l = polygon([(0, 0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2)]).centroid
        // Three unit squares with centres (0.5,0.5), (1.5,0.5), (0.5,1.5).
        #expect(abs(l.lon - 2.5 / 3) < 1e-12 && abs(l.lat - 2.5 / 3) < 1e-12, "\(l)")
        let degenerate = polygon([(0, 0), (1, 1), (2, 2)]).centroid
        #expect(abs(degenerate.lon - 1) < 1e-12 && abs(degenerate.lat - 1) < 1e-12)
    }

    @Test("The projection round-trips and has the right scale")
    func projectionRoundTrip() {
        let p = GeoPoint(lon: 116.41, lat: 39.91)
        let (x, y) = projection.toMetres(p)
        let back = projection.toGeo(x: x, y: y)
        #expect(abs(back.lon - p.lon) < 1e-12 && abs(back.lat - p.lat) < 1e-12)
        // 0.01 degree of latitude is about 1,112 m; of longitude at 39.9N about 853 m.
        #expect(abs(y - 1_111.95) < 0.1, "\(y)")
        #expect(abs(x - 853.3) < 0.5, "\(x)")
        let origin = projection.toMetres(projection.origin)
        #expect(origin.x == 0 && origin.y == 0)
    }
}
