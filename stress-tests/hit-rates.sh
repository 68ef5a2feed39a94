#!/bin/bash
# Hit rate per variant and per scenario, from the jcstress outputs a catalog run left behind:
#   stress-tests/hit-rates.sh [WORKDIR]      (default: stress-tests/target/jcstress-it, where `mvn verify` runs)
# Prints one Markdown row per run: variant | samples | forbidden | hit rate | forbidden/samples per scenario.
dir=${1:-$(dirname "$0")/target/jcstress-it}
names=(stale-tlb fresh-fault mid-fault host-harvest two-setters)
for out in "$dir"/jcstress/*/jcstress.out; do
  run=$(basename "$(dirname "$out")")
  variant=${run%-*-*}
  sed -n '/RUN RESULTS/,$p' "$out" | awk -v variant="$variant" -v names="${names[*]}" '
    BEGIN { split(names, nm, " ") }
    /Results across all configurations/ { on = 1; delete s; delete f; tot = 0; bad = 0; next }
    on && /^ +[01], [0-9]/ {
      n = $6; gsub(",", "", n); sc = $2; gsub(",", "", sc)
      s[sc] += n; tot += n
      if ($1 == "1,") { f[sc] += n; bad += n }
      next
    }
    on && /^$/ && tot > 0 { on = 0 }
    END {
      if (tot == 0) { printf "| %s | - | - | - | (no table) |\n", variant; exit }
      per = ""
      for (k = 0; k < 5; k++) if (s[k] > 0) per = per sprintf("%s %d/%d; ", nm[k + 1], f[k], s[k])
      printf "| %s | %d | %d | %.4f%% | %s |\n", variant, tot, bad, 100 * bad / tot, per
    }'
done
