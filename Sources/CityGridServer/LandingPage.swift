import CityGridCore

/// A small bilingual landing page at `/` that tells a person what is running and where the API is.
enum LandingPage {
    static func html(_ city: CityModel) -> String {
        func count(_ level: RegionLevel) -> Int { city.regions.filter { $0.level == level }.count }
        return """
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>CityGrid · \(city.name.zh)</title>
        <style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
        code{background:#f3f3f3;padding:0 .3em}td{padding:.2em .8em}</style></head>
        <body><h1>CityGrid 城市精细化管理 · \(city.name.zh) \(city.name.en)</h1>
        <table><tr><td>区 Districts</td><td>\(count(.district))</td></tr>
        <tr><td>街道 Subdistricts</td><td>\(count(.subdistrict))</td></tr>
        <tr><td>社区 Communities</td><td>\(count(.community))</td></tr>
        <tr><td>单元网格 Unit grids</td><td>\(city.grids.count)</td></tr>
        <tr><td>部件事件小类 Catalogue classes</td><td>\(city.catalogue.entries.count)</td></tr></table>
        <h2>接口 API</h2><ul>
        <li><a href="/api/v1/city">/api/v1/city</a> · <a href="/api/v1/regions?level=district">/api/v1/regions</a> ·
        <a href="/api/v1/catalogue">/api/v1/catalogue</a> · <a href="/api/v1/grids?limit=10">/api/v1/grids</a> ·
        <code>/api/v1/grids.geojson?region=CODE</code> · <code>/api/v1/geocode?lon=&amp;lat=</code></li>
        <li>案件 Cases (Bearer token): <code>GET/POST /api/v1/cases</code>, <code>GET /api/v1/cases/{id}</code>,
        <code>/events</code>, <code>POST /api/v1/cases/{id}/transitions</code></li>
        <li>考核 Evaluation (staff): <code>/api/v1/evaluation?rules=standard&amp;subject=department&amp;period=2026-10</code>,
        <code>/api/v1/evaluation/explain</code>, <a href="/api/v1/rules">/api/v1/rules</a></li>
        <li>分析 Analytics (staff): <code>/api/v1/analytics/hotspots?period=…&amp;format=geojson</code>,
        <code>/api/v1/analytics/trends</code>, <code>/api/v1/analytics/recurring?month=…</code>,
        <code>/api/v1/analytics/time-to-close</code></li></ul>
        <p>令牌 Tokens: <code>citygrid user token --db PATH USERNAME</code></p></body></html>
        """
    }
}
