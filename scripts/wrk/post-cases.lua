-- wrk script: POST /api/v1/cases, one new report a request (a bearer token is given with -H).
-- CG_SPOT=one   every report at one point (a storm: hundreds of citizens reporting one flooded underpass);
-- otherwise     points spread over about 2 km x 2 km (997 x 991 positions).
-- CG_LON / CG_LAT: the point (default 116.40, 39.90, the demo city's centre; the square spreads north-east of it).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local lon0 = tonumber(os.getenv("CG_LON") or "116.40")
local lat0 = tonumber(os.getenv("CG_LAT") or "39.90")
local one = os.getenv("CG_SPOT") == "one"
local n = 0
request = function()
  n = n + 1
  local lon, lat = lon0, lat0
  if not one then
    lon = lon0 + (n % 997) * 0.00002
    lat = lat0 + (n % 991) * 0.00002
  end
  return wrk.format(nil, nil, nil, string.format('{"category":"E0102","description":"bench %d","location":{"lon":%.6f,"lat":%.6f}}', n, lon, lat))
end
