#!/usr/bin/env bash
# Documents/s of `nlp extract` on one process (--workers 1) and on a cluster of 1 and 2 silos on this machine (one
# worker each), fast profile, no database (the JSONL only), and the coordination cost per document: the 1-silo
# run's time less the single process's, over the documents. Prints one line per setting; see docs/CLUSTER.md.
# Usage: benchmarks/cluster-bench.sh [DOCS]   (PostgreSQL for the membership: NLP_TEST_POSTGRES, else a throwaway one)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
docs=${1:-1000}
work=$(mktemp -d /tmp/nlp-cluster-bench.XXXXXX)
pids=()
pg_dir=
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [[ -n $pg_dir ]] && "$root/.ci/postgres.sh" stop "$pg_dir"; rm -rf "$work"; }
trap cleanup EXIT
"$root/nlp" --help >/dev/null
nlp=(dotnet "$root/src/Nlp.Cli/bin/Release/net10.0/nlp.dll")
export NLP_MODELS=${NLP_MODELS:-$root/models}
if [[ -n ${NLP_TEST_POSTGRES:-} ]]; then base=$NLP_TEST_POSTGRES; else
  port=56532; while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  pg_dir=$work/pg; base=$("$root/.ci/postgres.sh" start "$pg_dir" "$port"); fi
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -1)
export PGOPTIONS='--client-min-messages=warning'
names=("Ivan Petrov" "Maria Kowalska" "Jan Novak" "Olga Ivanova" "Piotr Zielinski" "Anna Schmidt")
places=(Karaganda Vorkuta Tomsk Warsaw Lviv Riga Omsk)
for ((i = 0; i < docs; i++)); do
  y=$((1920 + i % 40))
  printf '{"id":"r%05d","text":"Report %d. On %d March %d %s was arrested in %s by the NKVD. In %d the family was deported to %s, where some %d people lived in barracks."}\n' \
    "$i" "$i" $((1 + i % 28)) "$y" "${names[i % 6]}" "${places[i % 7]}" $((y + 1)) "${places[(i + 3) % 7]}" $((100 + i))
done > "$work/corpus.jsonl"
calc() { awk "BEGIN { printf \"%.1f\", $1 }"; }
seconds() { sed -nE 's/^done: .* in ([0-9.]+) s\)$/\1/p' "$1"; }

"${nlp[@]}" extract "$work/corpus.jsonl" --profile fast --workers 1 --db none --out "$work/local/documents.jsonl" > "$work/local.log" 2>&1
local_s=$(seconds "$work/local.log")
echo "single process, 1 worker: $docs documents in $local_s s, $(calc "$docs / $local_s") documents/s"

for silos in 1 2; do
  schema="bench_$$_$silos"
  "$psql" "$base" -qX -c "CREATE SCHEMA $schema"
  url="$base$([[ $base == *\?* ]] && echo '&' || echo '?')SearchPath=$schema"
  for ((k = 0; k < silos; k++)); do
    "${nlp[@]}" silo --cluster "$url" --profile fast --workers 1 --address 127.0.0.1 > "$work/silo-$silos-$k.log" 2>&1 &
    pids+=($!)
    until grep -qs "joined the cluster" "$work/silo-$silos-$k.log"; do sleep 0.2; done
  done
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f 'client cpu %U %S' -o "$work/c$silos.cpu" "${nlp[@]}" extract "$work/corpus.jsonl" --profile fast --cluster "$url" --db none --out "$work/c$silos/documents.jsonl" > "$work/c$silos.log" 2>&1
  else
    "${nlp[@]}" extract "$work/corpus.jsonl" --profile fast --cluster "$url" --db none --out "$work/c$silos/documents.jsonl" > "$work/c$silos.log" 2>&1
  fi
  s=$(seconds "$work/c$silos.log")
  line="cluster, $silos silo(s) x 1 worker: $docs documents in $s s, $(calc "$docs / $s") documents/s"
  [[ $silos == 1 ]] && line+=", coordination $(calc "($s - $local_s) * 1000 / $docs") ms/document"
  [[ -f $work/c$silos.cpu ]] && line+=", client CPU $(awk '/client cpu/ { printf "%.1f", $3 + $4 }' "$work/c$silos.cpu") s (start-up included)"
  echo "$line"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
  "$psql" "$base" -qX -c "DROP SCHEMA $schema CASCADE"
done
