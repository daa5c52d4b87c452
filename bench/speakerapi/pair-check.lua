-- wrk script for bench/speakerapi/run.sh: every request is POST {"hardwareId":SERIAL} with the bearer token, the
-- same bytes to every server. Usage: wrk ... -s pair-check.lua URL -- TOKEN [SERIAL]
function init(args)
  local token = args[1] or error("pass the bearer token after --")
  local serial = args[2] or "VNS52508000001"
  wrk.method = "POST"
  wrk.body = '{"hardwareId":"' .. serial .. '"}'
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end
