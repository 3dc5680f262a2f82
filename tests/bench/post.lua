-- post.lua - durable submissions: POST /r/CODE with a unique token each.
--
-- Each wrk thread reads its own pool DIR/tokens-N (fetched beforehand by
-- tokens.lua with real GETs of the form) and sends each token once, with
-- a valid set of answers.  When a pool runs out, the thread stops rather
-- than send a token twice (a resubmission is cheaper: it is recognised
-- and not stored again); bench.py reports it.
--   wrk -t2 -c64 -d10s -s post.lua URL -- DIR
local n_threads = 0

function setup(thread)
	n_threads = n_threads + 1
	thread:set("id", n_threads)
end

function init(args)
	tokens = {}
	for line in io.lines(args[1] .. "/tokens-" .. id) do
		if #line == 66 then
			tokens[#tokens + 1] = line
		end
	end
	i = 0
	headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
	-- The same answers as tests/bench/baseline_insert.c stores.
	answers = "role=habitant&centre=vierzon&premiere_fois=oui" ..
	    "&satisfaction=4" ..
	    "&retiens=Une+belle+rencontre%2C+des+id%C3%A9es+pour+notre+centre" ..
	    "&changer=&envies=visiter&envies=preparer&commentaire=&_token="
end

function request()
	i = i + 1
	if i > #tokens then
		exhausted = 1
		wrk.thread:stop()
		i = #tokens
	end
	return wrk.format("POST", nil, headers, answers .. tokens[i])
end
