#!/bin/sh
# bench/run.sh runs the benchmarks of bench/ (the library, impl=ct, against the
# math/big baseline, impl=mathbig, in the same invocation; warm ones and the
# cold first sign-in of a fresh process) and of srp/internal/modp, 10 samples
# each, and summarises them: benchstat tables, the ratios against the targets,
# and the summary prose of bench/README.md, all computed from this run's data.
#
# Each round also runs the pure-Go arithmetic (-tags purego, what arm64 and
# every other platform run): bench/ for the sign-in benchmarks
# ($PUREGO_BENCH) and srp/internal/modp for ModExp, so that the generic
# path's ratios to math/big come from the same run as the rest.
#
# It changes no tracked file unless asked: by default the raw `go test` output
# goes to a temporary directory and the summary to stdout. With -write (or
# WRITE=1) the raw output replaces bench/results/*.txt and the summary replaces
# the part of bench/README.md between the RESULTS markers.
#
# The machine may be shared, so by default the 10 samples are taken as 10
# rounds of `go test -count 1` (ct and mathbig run seconds apart in every
# round, and a burst of load hits both alike) rather than one `go test -count
# 10`, which runs all 10 samples of one benchmark before the next.
# INTERLEAVE=0 runs the plain `go test -run '^$' -bench . -count 10` instead.
#
# Usage: bench/run.sh [-write]                     (from anywhere in the checkout)
#        COUNT=3 BENCH=Login bench/run.sh          (quicker, partial)
set -eu

cd "$(dirname "$0")/.."
WRITE=${WRITE:-}
for arg in "$@"; do
	case $arg in
	-write | --write) WRITE=1 ;;
	*)
		echo "usage: bench/run.sh [-write]" >&2
		exit 2
		;;
	esac
done
COUNT=${COUNT:-10}
BENCH=${BENCH:-.}
PUREGO_BENCH=${PUREGO_BENCH:-^Benchmark(ColdLogin|Login|Respond|SRPA|ModExp|Mul|Sqr)$}

# benchstat at a pinned version, run outside the module (never in go.mod).
BENCHSTAT_VERSION=v0.0.0-20260908200009-22c9c6c9d4da
benchstat() {
	(cd / && GOFLAGS= go run "golang.org/x/perf/cmd/benchstat@$BENCHSTAT_VERSION" "$@")
}

root=$(pwd)
work=$(mktemp -d)
# The temporary directory goes when run.sh succeeds; after a failure the raw
# output stays there for a look (the path is printed).
trap 'st=$?; if [ $st = 0 ]; then rm -rf "$work"; else echo "run.sh: failed; raw output kept in $work/results" >&2; fi' EXIT
out=$work/results
mkdir -p "$out"
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)
: >"$out/bench.txt"
: >"$out/modp.txt"
: >"$out/bench-purego.txt"
: >"$out/modp-purego.txt"

# By default the committed HEAD is benchmarked, from a copy (git archive), so
# that edits in flight in a shared checkout cannot change the code between
# samples; LOCAL=1 benchmarks the working tree instead.
src=$root
rev=$(git rev-parse --short HEAD)
if [ "${LOCAL:-0}" = 0 ]; then
	src=$work/src
	mkdir -p "$src"
	git archive HEAD | tar -x -C "$src"
else
	git diff --quiet HEAD 2>/dev/null || rev="$rev + local changes"
fi

# run PKG COUNT [purego] appends one `go test -bench` of PKG to its results
# file (PKG-purego.txt with -tags purego, for the benchmarks in
# $PUREGO_BENCH that $BENCH selects too).
run() {
	f=$out/$(basename "$1")${3:+-$3}.txt
	tmp=$work/last
	tags= bench=$BENCH
	if [ -n "${3:-}" ]; then
		tags="-tags=$3"
		if [ "$BENCH" = . ]; then bench=$PUREGO_BENCH; fi
	fi
	if (cd "$src" && go test $tags -run '^$' -bench "$bench" -count "$2" "./$1/") >"$tmp" 2>&1; then
		tee -a "$f" <"$tmp" >&2
	else
		cat "$tmp" >&2
		echo "run.sh: go test ./$1/ failed; its samples are missing from this round" >&2
		failed=$((failed + 1))
	fi
}
failed=0
if [ "${INTERLEAVE:-1}" = 0 ]; then
	cmd="go test -run '^\$' -bench '$BENCH' -count $COUNT"
	echo "$cmd ./bench/ ./srp/internal/modp/, then with -tags purego" >&2
	run bench "$COUNT"
	run srp/internal/modp "$COUNT"
	run bench "$COUNT" purego
	run srp/internal/modp "$COUNT" purego
else
	cmd="go test -run '^\$' -bench '$BENCH' -count 1, $COUNT rounds,"
	i=1
	while [ "$i" -le "$COUNT" ]; do
		echo "round $i/$COUNT: go test -run '^\$' -bench '$BENCH' -count 1 ./bench/ ./srp/internal/modp/, then with -tags purego" >&2
		run bench 1
		run srp/internal/modp 1
		run bench 1 purego
		run srp/internal/modp 1 purego
		i=$((i + 1))
	done
fi

# medians: "name unit median" for every benchmark and unit, GOMAXPROCS
# suffix dropped.
awk '/^Benchmark/ { n = $1; sub(/-[0-9]+$/, "", n); sub(/^Benchmark/, "", n)
		for (i = 3; i < NF; i += 2) print n, $(i+1), $i }' "$out/bench.txt" "$out/modp.txt" |
	sort -k1,1 -k2,2 -k3,3g |
	awk '{ k = $1 " " $2; v[k, ++c[k]] = $3 }
	END { for (k in c) { n = c[k]; print k, (n % 2) ? v[k, (n+1)/2] : (v[k, n/2] + v[k, n/2+1]) / 2 } }' |
	sort >"$work/medians"
# the same for the -tags purego runs, with "purego:" before each name
awk '/^Benchmark/ { n = $1; sub(/-[0-9]+$/, "", n); sub(/^Benchmark/, "", n)
		for (i = 3; i < NF; i += 2) print "purego:" n, $(i+1), $i }' "$out/bench-purego.txt" "$out/modp-purego.txt" |
	sort -k1,1 -k2,2 -k3,3g |
	awk '{ k = $1 " " $2; v[k, ++c[k]] = $3 }
	END { for (k in c) { n = c[k]; print k, (n % 2) ? v[k, (n+1)/2] : (v[k, n/2] + v[k, n/2+1]) / 2 } }' |
	sort >>"$work/medians"

# summary prints the generated part of the README: it reads the medians and
# writes every figure of the prose from them.
summary() {
	gw=$(sed -n 's/^[[:space:]]*gWindow[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$src/srp/internal/modp/exp.go" | head -1)
	gr=$(sed -n 's/^[[:space:]]*gRows[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$src/srp/internal/modp/exp.go" | head -1)
	echo "Generated by \`bench/run.sh -write\` on $(date -u '+%Y-%m-%d %H:%M UTC'):"
	echo
	echo "- command: \`$cmd\` for \`./bench/\` and \`./srp/internal/modp/\`, and in each round the same with \`-tags purego\` (benchmarks matching \`$PUREGO_BENCH\`), then benchstat $BENCHSTAT_VERSION"
	echo "- machine: $(sed -n 's/^cpu: //p' "$out/bench.txt" | head -1), $(nproc) CPUs" \
		"($(uname -sm)), $(go version | cut -d' ' -f3)," \
		"commit $rev"
	echo "- load average (1, 5, 15 min) at start: $load0; at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
	[ -n "$WRITE" ] && echo "- raw output: \`bench/results/bench.txt\`, \`bench/results/modp.txt\`, \`bench/results/bench-purego.txt\`, \`bench/results/modp-purego.txt\`"
	[ "$failed" -gt 0 ] && echo "- **$failed go test runs failed; their samples are missing**"
	awk -v gw="$gw" -v gr="$gr" -f - "$work/medians" <<'EOF'
function t(ns) { return ns < 1e5 ? sprintf("%.3g µs", ns / 1e3) : sprintf("%.3g ms", ns / 1e6) }
# k is the key of benchmark name (without impl) for impl and unit: the impl
# goes before a trailing /asize=… (SRPA/impl=ct/asize=128).
function k(name, impl, unit,   i) {
	i = index(name, "/asize=")
	return (i ? substr(name, 1, i - 1) "/impl=" impl substr(name, i) : name "/impl=" impl) " " unit
}
function v(name, impl, unit) { return m[k(name, impl, unit)] }
function has(name) { return k(name, "ct", "ns/op") in m && k(name, "mathbig", "ns/op") in m }
function ratio(name) { return has(name) && v(name, "mathbig", "ns/op") > 0 ? v(name, "ct", "ns/op") / v(name, "mathbig", "ns/op") : -1 }
function tt(ns) { return ns > 0 ? t(ns) : "-" }
function q(x, y) { return (x > 0 && y > 0) ? sprintf("%.2f", x / y) : "-" }
function kib(b) { return sprintf("%.1f KiB", b / 1024) }
# verdict says whether a ratio meets a target (at most tg).
function verdict(x, tg) { return x < 0 ? "not measured" : (x <= tg ? "met" : sprintf("**missed** by %.0f%%", (x / tg - 1) * 100)) }
{ m[$1 " " $2] = $3 }
END {
	# The fastest arithmetic path this CPU has: impl=ct in bench/ runs on it.
	path = ("Mul/impl=ifma ns/op" in m) ? "ifma" : ("Mul/impl=adx ns/op" in m) ? "adx" : "generic"
	if (path == "ifma")
		ntg = split("ColdLogin 0.50|Login 0.15|SRPA 0.08|Respond 0.25|DeviceVerifier 0.50|ColdDeviceVerifier 0.50", tgs, "|")
	else
		ntg = split("ColdLogin 0.50|Login 0.40|SRPA 0.20|DeviceVerifier 0.50|ColdDeviceVerifier 0.50", tgs, "|")
	print "\n### Targets (ratio of medians, impl=ct / impl=mathbig, same run)\n"
	print "| benchmark | ct median | mathbig median | ratio | target | |"
	print "|---|---|---|---|---|---|"
	for (i = 1; i <= ntg; i++) {
		split(tgs[i], p, " ")
		x = ratio(p[1])
		if (x < 0) { printf "| %s | | | | <= %s | not measured |\n", p[1], p[2]; continue }
		printf "| %s | %s | %s | %.2f | <= %s | %s |\n", p[1], t(v(p[1], "ct", "ns/op")), t(v(p[1], "mathbig", "ns/op")), x, p[2], verdict(x, p[2])
	}
	if (path == "ifma") {
		print "\nThe CPU has AVX-512 IFMA: impl=ct is the 52-bit IFMA arithmetic (targets of issue 14). Its kernels against MULX/ADX (srp/internal/modp, same run; target adx / ifma >= 2.5):\n"
		print "| operation | ifma median | adx median | adx / ifma | |"
		print "|---|---|---|---|---|"
		split("Mul Sqr", ops, " ")
		for (i = 1; i <= 2; i++) {
			f = m[ops[i] "/impl=ifma ns/op"]; a = m[ops[i] "/impl=adx ns/op"]
			if (f > 0 && a > 0) printf "| %s | %s | %s | %.2f | %s |\n", ops[i], t(f), t(a), a / f, (a / f >= 2.5 ? "met" : sprintf("**missed** by %.0f%%", (1 - a / f / 2.5) * 100))
		}
	}

	# Pure Go: the sign-in from the -tags purego runs, the kernels against
	# ADX from the default run (both in one process).
	if (("purego:Login/impl=ct ns/op" in m) || ("Mul/impl=generic ns/op" in m)) {
		print "\n### Pure Go (`-tags purego`: the arithmetic of arm64 and of every platform without the assembly; targets of issue 22)\n"
		print "| benchmark | generic median | against | its median | ratio | target | |"
		print "|---|---|---|---|---|---|---|"
		ntg = split("ColdLogin 0.50|Login 0.55", tgs, "|")
		for (i = 1; i <= ntg; i++) {
			split(tgs[i], p, " ")
			g = m["purego:" p[1] "/impl=ct ns/op"]; b = m["purego:" p[1] "/impl=mathbig ns/op"]
			if (g > 0 && b > 0) printf "| %s (purego) | %s | math/big | %s | %.2f | <= %s | %s |\n", p[1], t(g), t(b), g / b, p[2], verdict(g / b, p[2])
			else printf "| %s (purego) | | math/big | | | <= %s | not measured |\n", p[1], p[2]
		}
		ntg = split("Mul 1.8|Sqr 1.6", tgs, "|")
		for (i = 1; i <= ntg; i++) {
			split(tgs[i], p, " ")
			g = m[p[1] "/impl=generic ns/op"]; a = m[p[1] "/impl=adx ns/op"]
			if (g > 0 && a > 0) printf "| %s | %s | adx | %s | %.2f | <= %s | %s |\n", p[1], t(g), t(a), g / a, p[2], verdict(g / a, p[2])
			else printf "| %s | | adx | | | <= %s | not measured |\n", p[1], p[2]
		}
		print "\nThe sign-in rows are impl=ct over impl=mathbig in the `-tags purego` runs; the kernel rows are the pure-Go kernel over MULX/ADX in the default runs of srp/internal/modp (same process). Every other platform runs this arithmetic; its figures there are not measured here.\n"
		print "| operation (purego) | generic | mathbig | generic / mathbig |"
		print "|---|---|---|---|"
		for (key in m) {
			if (key !~ /^purego:.*\/impl=generic ns\/op$/) continue
			op = key; sub(/^purego:/, "", op); sub(/\/impl=.*/, "", op); gops[op] = 1
		}
		n = 0
		for (op in gops) glist[++n] = op
		for (i = 2; i <= n; i++) for (j = i; j > 1 && glist[j-1] > glist[j]; j--) { tmp = glist[j]; glist[j] = glist[j-1]; glist[j-1] = tmp }
		for (i = 1; i <= n; i++) {
			g = m["purego:" glist[i] "/impl=generic ns/op"]; b = m["purego:" glist[i] "/impl=mathbig ns/op"]
			printf "| %s | %s | %s | %s |\n", glist[i], tt(g), tt(b), q(g, b)
		}
		for (i = 1; i <= 2; i++) {
			op = (i == 1) ? "Login" : "ColdLogin"
			g = m["purego:" op "/impl=ct ns/op"]; b = m["purego:" op "/impl=mathbig ns/op"]
			if (g > 0 && b > 0) printf "| %s | %s | %s | %s |\n", op, t(g), t(b), q(g, b)
		}
		if ("purego:ColdLogin/impl=ct init-ns" in m)
			printf "\nPackage initialisation with `-tags purego` (srp, srp/internal/modp and secrethash, GODEBUG=inittrace, median of the ColdLogin children): %s.\n", t(m["purego:ColdLogin/impl=ct init-ns"])
	}

	print "\n### srp/internal/modp per arithmetic path (medians; the paths this CPU has)\n"
	print "| operation | ifma | adx | generic | mathbig | adx / ifma | ifma / mathbig | adx / mathbig |"
	print "|---|---|---|---|---|---|---|---|"
	for (key in m) {
		if (key !~ /\/impl=(ifma|adx|generic|mathbig) ns\/op$/ || key ~ /^(Login|SRPA|Respond|DeviceVerifier|Cold|purego:)/) continue
		op = key; sub(/\/impl=.*/, "", op); pops[op] = 1
	}
	n = 0
	for (op in pops) list[++n] = op
	for (i = 2; i <= n; i++) for (j = i; j > 1 && list[j-1] > list[j]; j--) { tmp = list[j]; list[j] = list[j-1]; list[j-1] = tmp }
	for (i = 1; i <= n; i++) {
		op = list[i]; f = m[op "/impl=ifma ns/op"]; a = m[op "/impl=adx ns/op"]; g = m[op "/impl=generic ns/op"]; b = m[op "/impl=mathbig ns/op"]
		printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", op, tt(f), tt(a), tt(g), tt(b), q(a, f), q(f, b), q(a, b)
	}

	print "\n### Summary\n"
	print "Every figure below is a median of this run; ratios are ct over mathbig."
	print ""
	if (has("ColdLogin")) {
		printf "- **First sign-in of a process** (`ColdLogin`, NewUserSession + Respond timed inside a fresh process): %s against %s for math/big, %.2f×. ", t(v("ColdLogin", "ct", "ns/op")), t(v("ColdLogin", "mathbig", "ns/op")), ratio("ColdLogin")
		printf "The big fixed-base table is not built: 2^a and 2^x take the comb (63 squarings, 24 KiB of small tables built on first use). "
		printf "Heap held after it (live heap after a GC, minus before): %d B for ct, %d B for math/big (live heap of the whole child: %s and %s). ", v("ColdLogin", "ct", "held-B"), v("ColdLogin", "mathbig", "held-B"), kib(v("ColdLogin", "ct", "heap-B")), kib(v("ColdLogin", "mathbig", "heap-B"))
		printf "Package initialisation, paid before it by every process: %s for srp, srp/internal/modp and secrethash (GODEBUG=inittrace).\n", t(v("ColdLogin", "ct", "init-ns"))
	}
	if (has("ColdDeviceVerifier"))
		printf "- **First device verifier of a process** (`ColdDeviceVerifier`): %s against %s, %.2f×.\n", t(v("ColdDeviceVerifier", "ct", "ns/op")), t(v("ColdDeviceVerifier", "mathbig", "ns/op")), ratio("ColdDeviceVerifier")
	if (has("Login"))
		printf "- **Sign-in in a warm process** (`Login`, the table built): %s against %s, %.2f×.\n", t(v("Login", "ct", "ns/op")), t(v("Login", "mathbig", "ns/op")), ratio("Login")
	if (has("SRPA") && has("DeviceVerifier"))
		printf "- **SRPA** and **DeviceVerifier** (2^a and 2^x from the table, no squarings): %.2f× and %.2f× math/big.\n", ratio("SRPA"), ratio("DeviceVerifier")
	if (has("Respond") && has("Login"))
		printf "- **Respond** (dominated by S = (B − k·v)^(a+u·x), a variable base, where only the faster multiply and squaring help): %.2f× math/big; it is %.0f%% of a warm ct sign-in.\n", ratio("Respond"), 100 * v("Respond", "ct", "ns/op") / v("Login", "ct", "ns/op")
	if ("Login/impl=ct allocs/op" in m)
		printf "- **Allocations per sign-in**: %d (%s) for ct, %d (%s) for math/big; `TestLoginAllocs` keeps ct at 40 or fewer.\n", v("Login", "ct", "allocs/op"), kib(v("Login", "ct", "B/op")), v("Login", "mathbig", "allocs/op"), kib(v("Login", "mathbig", "B/op"))
	if (has("SRPA/asize=128") && has("SRPA/asize=256"))
		printf "- **Past 128 bytes of a** neither table applies and 2^a takes the ladder: SRPA grows %.1f× from asize=128 to asize=256 for ct (%.1f× for math/big), and ct is then %.2f× math/big.\n", v("SRPA/asize=256", "ct", "ns/op") / v("SRPA/asize=128", "ct", "ns/op"), v("SRPA/asize=256", "mathbig", "ns/op") / v("SRPA/asize=128", "mathbig", "ns/op"), ratio("SRPA/asize=256")
	if (has("Login/asize=32") && has("Login/asize=128"))
		printf "- **A 32-byte a** (`WithEphemeralSize(32)`) takes %.0f%% of the time of the default 128 bytes (warm sign-in).\n", 100 * v("Login/asize=32", "ct", "ns/op") / v("Login/asize=128", "ct", "ns/op")

	L = m["FixedBase/path=ladder/bits=1024 ns/op"]; T = m["FixedBase/path=table/bits=1024 ns/op"]; B = m["FixedBaseTable/impl=" path " ns/op"]
	if (L > 0 && T > 0 && B > 0) {
		print "\n### First fixed-base exponentiation: ladder, comb or table (srp/internal/modp `FixedBase`)\n"
		print "2^e for a 1024-bit e (SRP_A), the first time in a process and once a table exists:\n"
		print "| path | first time | with the table built |"
		print "|---|---|---|"
		C = m["FixedBase/path=comb/bits=1024 ns/op"]; CT = m["CombTables ns/op"]
		if (C > 0 && CT > 0) printf "| comb with the 15 constants c_j = 2^(2^(64j)) (chosen) | %s | %s |\n", t(C + CT), t(C)
		printf "| ladder (used past 1024 bits) | %s | %s |\n", t(L), t(L)
		for (h = 4; h <= 6; h += 2) {
			cb = m["FixedBase/path=comb" h "-build+use/bits=1024 ns/op"]; cu = m["FixedBase/path=comb" h "-use/bits=1024 ns/op"]
			if (cb > 0 && cu > 0) printf "| comb, %d teeth (%d entries) | %s | %s |\n", h, 2 ^ h, t(cb), t(cu)
		}
		printf "| big table (%d rows of %d) | %s | %s |\n", gr, 2 ^ gw, t(B + T), t(T)
		if (C > 0 && CT > 0) printf "\nFirst time, the comb (its tables included) takes %.2f× the time of the ladder and the big table (build included) %.1f×. Once built the big table is %.1f× faster than the comb, but its build costs as much as %.0f comb exponentiations of 1024 bits, which is why ExpG builds it only after 16384 table-free exponent bits (or on `srp.Precompute`).\n", (C + CT) / L, (B + T) / L, C / T, B / C
	}

	M = m["Mul/impl=" path " ns/op"]; F = m["ModExp/op=fixedbase1024/impl=" path " ns/op"]
	es = (path == "ifma") ? 512 : 384 # bytes per table entry: 60 52-bit limbs in 64 words, or 48 words
	if (gw != "" && gr != "" && M > 0 && F > 0) {
		bits = gr * gw; rows = int((1024 + gw - 1) / gw)
		s = (F / rows - M) / 2 ^ gw
		printf "\n### Fixed-base table window (gWindow = %d, gRows = %d: exponents up to %d bits)\n\n", gw, gr, bits
		# A scan of one 384-byte entry costs a few ns; outside (0, M) the
		# run was too noisy for the model: say so rather than publish it.
		if (s <= 0 || s >= M) {
			printf "Not estimated: this run gives %.1f ns per scanned entry (from fixedbase1024 = rows · (M + 2^w · s) with M = %.2f µs), outside the plausible range (0, M); the machine was too noisy for the model.\n", s, M / 1e3
		} else {
			printf "Estimated from this run (impl=%s): multiply M = %.2f µs (Mul), scan s = %.1f ns per entry (from fixedbase1024 = rows · (M + 2^w · s)). A 1024-bit exponent with a table for 1025 bits:\n\n", path, M / 1e3, s
			print "| w | rows | entries/row | table | multiplies + entries scanned per 2^a | estimated 2^a (1024-bit a) |"
			print "|---|---|---|---|---|---|"
			best = 0
			for (w = 3; w <= 8; w++) {
				rw = int((1025 + w - 1) / w); e = 2 ^ w; est[w] = rw * (M + e * s)
				if (!best || est[w] < est[best]) best = w
				printf "| %d%s | %d | %d | %.1f MiB | %d + %d | %s |\n", w, (w == gw ? " (current)" : ""), rw, e, rw * e * es / 1048576, rw, rw * e, t(est[w])
			}
			if (best == gw) printf "\nThe current window w = %d is the model's best in this run; each extra bit doubles the memory and the build.\n", gw
			else printf "\nThe model's best window in this run is w = %d, %.0f%% faster than w = %d; each extra bit doubles the memory and the build.\n", best, 100 * (est[gw] / est[best] - 1), gw
		}
	}
}
EOF
	echo
	echo "### bench: impl=ct vs impl=mathbig (benchstat; \"vs base\" is ct relative to mathbig)"
	echo
	echo '```'
	benchstat -col '/impl@(mathbig ct)' "$out/bench.txt"
	echo '```'
	echo
	if grep -q '^Benchmark' "$out/bench-purego.txt"; then
		echo "### bench with -tags purego: impl=ct is the pure-Go arithmetic (benchstat; \"vs base\" is ct relative to mathbig)"
		echo
		echo '```'
		benchstat -col '/impl@(mathbig ct)' "$out/bench-purego.txt"
		echo '```'
		echo
	fi
	echo "### srp/internal/modp (per operation, the fixed-base paths and the table build)"
	echo
	echo '```'
	if grep -q '^Benchmark.*/impl=' "$out/modp.txt"; then
		impls=$(for i in mathbig generic adx ifma; do grep -q "^Benchmark[^ ]*/impl=$i" "$out/modp.txt" && printf '%s ' "$i"; done)
		benchstat -col "/impl@(${impls% })" -filter '/impl:(mathbig OR generic OR adx OR ifma)' "$out/modp.txt"
		echo
	fi
	if grep -q '^Benchmark' "$out/modp.txt"; then
		benchstat -filter '-/impl:(mathbig OR generic OR adx OR ifma)' modp="$out/modp.txt"
	else
		echo "(no benchmarks in srp/internal/modp)"
	fi
	echo '```'
}

summary >"$work/summary"
if [ -n "$WRITE" ]; then
	mkdir -p bench/results
	cp "$out/bench.txt" "$out/modp.txt" "$out/bench-purego.txt" "$out/modp-purego.txt" bench/results/
	awk -v f="$work/summary" '
		/<!-- BEGIN RESULTS -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
		/<!-- END RESULTS -->/ { skip = 0 }
		!skip' bench/README.md >"$work/README.md"
	cp "$work/README.md" bench/README.md
	echo "bench/README.md and bench/results/ updated" >&2
else
	cat "$work/summary"
	echo "(nothing written; bench/run.sh -write updates bench/README.md and bench/results/)" >&2
fi
