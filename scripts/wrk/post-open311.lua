-- wrk script: POST /open311/v2/requests.json, form-encoded as Open311 clients send it, one new
-- request a time, with the API key in CG_API_KEY; points spread as post-cases.lua spreads them.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local lon0 = tonumber(os.getenv("CG_LON") or "116.40")
local lat0 = tonumber(os.getenv("CG_LAT") or "39.90")
local key = os.getenv("CG_API_KEY")
local n = 0
request = function()
  n = n + 1
  local lon = lon0 + (n % 997) * 0.00002
  local lat = lat0 + (n % 991) * 0.00002
  return wrk.format(nil, nil, nil, string.format(
    "api_key=%s&service_code=E0102&lat=%.6f&long=%.6f&description=bench+%d&email=bench%%40example.org", key, lat, lon, n))
end
