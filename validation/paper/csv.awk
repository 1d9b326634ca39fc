# csv.awk — split an RFC 4180 line (quoted fields, "" inside quotes; no line breaks in fields)
# into f[1..n]; returns n. Loaded with `awk -f csv.awk -f ...` by validation/paper/run (mawk has
# no FPAT).
function csvsplit(line, f,    n, i, c, q, cur) {
	n = 0; cur = ""; q = 0
	sub(/\r$/, "", line)
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { cur = cur "\""; i++ } else q = 0
			} else cur = cur c
		} else if (c == "\"") q = 1
		else if (c == ",") { f[++n] = cur; cur = "" }
		else cur = cur c
	}
	f[++n] = cur
	return n
}
# Column numbers of a header line into col[name].
function header(line, col,    f, n, i) {
	n = csvsplit(line, f)
	for (i = 1; i <= n; i++) col[f[i]] = i
	return n
}
