# Turns `go test -bench` output of internal/voting into markdown table rows.
function label(n) {
	if (n ~ /All40Wards/) return "Scottish 2017, all 40 wards, scottish-stv"
	if (n ~ /Meath2002Meek/) return "Meath 2002, meek"
	if (n ~ /Meath2002ScottishSTV/) return "Meath 2002, scottish-stv"
	if (n ~ /Minneapolis2013MayorIRV/) return "Minneapolis 2013 mayor, irv (35 candidates + write-ins, 33 rounds)"
	if (n ~ /Minneapolis2013ParkSTV/) return "Minneapolis 2013 Park Board, minneapolis-stv (3 seats)"
	if (n ~ /ReadMeath/) return "reading Meath 2002 BLT, one line per ballot (no count)"
	if (n ~ /Synthetic1MScottishSTV/) return "synthetic, 20 candidates, 5 seats, scottish-stv"
	if (n ~ /Synthetic1MMeek/) return "synthetic, 20 candidates, 5 seats, meek"
	if (n ~ /Synthetic1MIRV/) return "synthetic, 20 candidates, irv (1 seat)"
	return n
}
function goal(n) {
	if (n ~ /All40Wards/) return "< 100 ms per ward"
	if (n ~ /Synthetic1MScottishSTV/) return "< 2 s"
	if (n ~ /Synthetic1M/) return "(no goal)"
	if (n ~ /Read/) return "(no goal)"
	return "< 100 ms"
}
function fmtms(ns) {
	if (ns >= 1e9) return sprintf("%.2f s", ns / 1e9)
	return sprintf("%.1f ms", ns / 1e6)
}
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	ns = $3; ballots = ""; extra = ""; cpu = ""
	for (i = 4; i < NF; i++) {
		if ($(i+1) == "ballots") ballots = $i
		if ($(i+1) == "ms/ward") extra = sprintf(" (%.2f ms per ward)", $i)
		if ($(i+1) == "cpu-ms/op") cpu = fmtms($i * 1e6)
	}
	if (name ~ /All40Wards/) ballots = "40 wards"
	printf "| %s | %s | %s%s | %s | %s |\n", label(name), ballots, fmtms(ns), extra, cpu, goal(name)
}
