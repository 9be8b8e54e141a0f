-- wrk script: replays a list of HTTP requests round-robin and prints a JSON summary.
-- The list (written by scripts/bench/suite.py) has one request a line:
--   METHOD <tab> PATH <tab> Name: value|Name: value <tab> BODY
-- Usage: wrk -t2 -c32 -d30s -s replay.lua http://127.0.0.1:PORT -- requests.tsv
local requests = {}
local next_request = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot read the requests file " .. tostring(args[1]))
  for line in file:lines() do
    local method, path, headers, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    assert(method, "a requests line is not METHOD<tab>PATH<tab>HEADERS<tab>BODY: " .. line)
    local named = {}
    for name, value in headers:gmatch("([^|:]+): ([^|]*)") do
      named[name] = value
    end
    if body == "" then
      body = nil
    end
    requests[#requests + 1] = wrk.format(method, path, named, body)
  end
  file:close()
  assert(#requests > 0, "the requests file is empty")
  -- each thread starts at a different place in the list
  next_request = math.random(#requests)
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_s": %.3f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
