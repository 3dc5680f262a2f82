-- tokens.lua - fetch a pool of real form tokens for the POST benchmark.
--
-- GETs the form page and appends the signed token of each page to
-- DIR/tokens-N (one file per wrk thread).  Each thread stops after MAX
-- tokens; wrk's -d bounds the whole run.
--   wrk -t2 -c64 -d20s -s tokens.lua URL -- DIR MAX
local n_threads = 0

function setup(thread)
	n_threads = n_threads + 1
	thread:set("id", n_threads)
end

function init(args)
	max = tonumber(args[2])
	out = io.open(args[1] .. "/tokens-" .. id, "w")
	out:setvbuf("line")
	n = 0
end

function response(status, headers, body)
	if status ~= 200 then
		return
	end
	local t = body:match('name="_token" value="([%w_-]+)"')
	if t ~= nil and n < max then
		out:write(t, "\n")
		n = n + 1
		if n >= max then
			out:close()
			wrk.thread:stop()
		end
	end
end
