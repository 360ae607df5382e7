#!/usr/bin/env bash
# End to end check of `nlp extract --cluster` (docs/CLUSTER.md), run by Nlp.Cluster.Tests when NLP_TEST_POSTGRES
# is set (.ci/run sets it), or by hand. Two `nlp silo` processes on localhost and a PostgreSQL server (the one in
# NLP_TEST_POSTGRES, else a throwaway one from .ci/postgres.sh); a few hundred generated documents extracted by
# the cluster while one silo is killed (kill -9) and then the client too, the client started again to finish; the
# rows and JSONL lines must equal a single-machine run of the same input apart from times, each document stored
# once. Then a cluster whose PostgreSQL is unreachable must fail clearly with nothing written. Exit 0 only when
# all of that holds. Environment: NLP_E2E_DLL (an nlp.dll to run; default: the Release build, built by ./nlp),
# NLP_E2E_DOCS (documents, default 300), NLP_MODELS (default: the checkout's models).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
docs=${NLP_E2E_DOCS:-300}
work=$(mktemp -d /tmp/nlp-cluster-e2e.XXXXXX)
pids=()
pg_dir=
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [[ -n $pg_dir ]] && "$root/.ci/postgres.sh" stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT
say() { echo "cluster-e2e: [${SECONDS}s] $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

if [[ -n ${NLP_E2E_DLL:-} ]]; then nlp=(dotnet "$NLP_E2E_DLL"); else "$root/nlp" --help >/dev/null; nlp=(dotnet "$root/src/Nlp.Cli/bin/Release/net10.0/nlp.dll"); fi
export NLP_MODELS=${NLP_MODELS:-$root/models}

# ---- PostgreSQL: one schema for the cluster (membership and results), one for the single-machine run ----
if [[ -n ${NLP_TEST_POSTGRES:-} ]]; then
  base=$NLP_TEST_POSTGRES
else
  port=56432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  pg_dir=$work/pg
  base=$("$root/.ci/postgres.sh" start "$pg_dir" "$port")
fi
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -1)
sql() { "$psql" "$base" -qAtX -v ON_ERROR_STOP=1 -c "SET search_path TO $1" -c "$2"; }
tag="e2e_$$_$RANDOM"
for s in "${tag}_cluster" "${tag}_local"; do "$psql" "$base" -qX -v ON_ERROR_STOP=1 -c "CREATE SCHEMA $s"; done
with_schema() { if [[ $base == *\?* ]]; then echo "$base&SearchPath=$1"; else echo "$base?SearchPath=$1"; fi; }
cluster_url=$(with_schema "${tag}_cluster")
local_url=$(with_schema "${tag}_local")
trap 'cleanup; "$psql" "$base" -qX -c "DROP SCHEMA IF EXISTS ${tag}_cluster CASCADE" -c "DROP SCHEMA IF EXISTS ${tag}_local CASCADE" >/dev/null 2>&1 || true' EXIT

# ---- input: one JSONL file of tiny reports and a few text files ----
mkdir -p "$work/in"
names=("Ivan Petrov" "Maria Kowalska" "Jan Novak" "Olga Ivanova" "Piotr Zielinski" "Anna Schmidt")
places=(Karaganda Vorkuta Tomsk Warsaw Lviv Riga Omsk)
for ((i = 0; i < docs - 10; i++)); do
  y=$((1920 + i % 40))
  printf '{"id":"r%04d","text":"Report %d. On %d March %d %s was arrested in %s by the NKVD. In %d the family was deported to %s, where some %d people lived in barracks."}\n' \
    "$i" "$i" $((1 + i % 28)) "$y" "${names[i % 6]}" "${places[i % 7]}" $((y + 1)) "${places[(i + 3) % 7]}" $((100 + i))
done > "$work/in/reports.jsonl"
for ((i = 0; i < 10; i++)); do
  printf 'Letter %d\n\nIn %d %s wrote from %s that the deportations of %d had ended.\n' "$i" $((1950 + i)) "${names[i % 6]}" "${places[i % 7]}" $((1944 + i)) > "$work/in/letter$i.txt"
done

# ---- the single-machine run ----
"${nlp[@]}" extract "$work/in" --profile fast --workers 1 --out "$work/local/documents.jsonl" --db "$local_url" > "$work/local.log" 2>&1 \
  || { cat "$work/local.log" >&2; fail "the single-machine run failed"; }

say "single-machine run done"

# ---- two silos (the second starts when the first has joined, so it finds the next free ports) ----
start_silo() {
  "${nlp[@]}" silo --cluster "$cluster_url" --profile fast --workers 1 --address 127.0.0.1 > "$work/silo-$1.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for ((t = 0; t < 600; t++)); do
    grep -q "joined the cluster" "$work/silo-$1.log" && { echo "$pid"; return; }
    kill -0 "$pid" 2>/dev/null || { cat "$work/silo-$1.log" >&2; fail "silo $1 exited before joining"; }
    sleep 0.2
  done
  cat "$work/silo-$1.log" >&2
  fail "silo $1 did not join within 120 s"
}
silo_a=$(start_silo a)
silo_b=$(start_silo b)
# start_silo ran in a subshell (the command substitution): its pids+= did not reach this shell, so the cleanup would
# leave the silos running after the script (they kept probing the next run's PostgreSQL).
pids+=("$silo_a" "$silo_b")
say "silos a ($silo_a) and b ($silo_b) joined"
"${nlp[@]}" cluster status --cluster "$cluster_url" > "$work/status.txt" || { cat "$work/status.txt" >&2; fail "cluster status failed"; }
grep -q "^2 live silo(s)" "$work/status.txt" || { cat "$work/status.txt" >&2; fail "cluster status does not list the two silos"; }

# ---- the cluster run: silo b killed at a fifth of the documents, the client at half, the client run again ----
out=$work/cluster/documents.jsonl
client_args=(extract "$work/in" --cluster "$cluster_url" --profile fast --out "$out" --in-flight 4)
lines() { [[ -f $out ]] && wc -l < "$out" || echo 0; }
"${nlp[@]}" "${client_args[@]}" > "$work/client-1.log" 2>&1 & # a simple command: $! is the client itself
client=$!
pids+=("$client")
until (( $(lines) >= docs / 5 )); do kill -0 "$client" 2>/dev/null || break; sleep 0.05; done
kill -0 "$client" 2>/dev/null || { cat "$work/client-1.log" >&2; fail "the cluster run ended before silo b could be killed (raise NLP_E2E_DOCS)"; }
kill -9 "$silo_b"
say "killed silo b at $(lines) of $docs documents"
# Orleans declares a silo dead after missed probes and votes: about 30 s idle, more than a minute at load 10 on 2 cores.
for ((t = 0; t < 1800; t++)); do grep -q "left the cluster" "$work/client-1.log" && break; kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
until (( $(lines) >= docs / 2 )); do kill -0 "$client" 2>/dev/null || break; sleep 0.05; done
killed_client=0
# Lines are counted before the kill: a client killed with documents left cannot have finished its run (it must show
# as abandoned); one killed after its last line may already have marked the run finished.
written=$(lines)
if kill -9 "$client" 2>/dev/null; then
  (( written < docs )) && killed_client=1
  say "killed the client at $written of $docs documents"
else say "the client had finished before it could be killed"; fi
wait "$client" 2>/dev/null || true
grep -q "left the cluster" "$work/client-1.log" || { cat "$work/client-1.log" >&2; fail "the client did not notice that silo b left"; }
"${nlp[@]}" "${client_args[@]}" > "$work/client-2.log" 2>&1 || { cat "$work/client-2.log" >&2; fail "the resumed cluster run failed"; }
grep -q "^done: " "$work/client-2.log" || { cat "$work/client-2.log" >&2; fail "the resumed run printed no summary"; }
say "$(grep '^done: ' "$work/client-2.log")"
say "retried batches: $(grep -c 'sent to another silo' "$work/client-1.log" || true)"

# ---- the same records, each once ----
python3 - "$work/local/documents.jsonl" "$out" "$docs" <<'PY' || fail "the cluster's JSONL differs from the single machine's"
import json, sys
def records(path):
    out = []
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        r["provenance"].pop("extracted_at", None)
        out.append(json.dumps(r, sort_keys=True))
    return out
local, cluster, n = records(sys.argv[1]), records(sys.argv[2]), int(sys.argv[3])
assert len(local) == n, f"single machine: {len(local)} lines for {n} documents"
assert len(cluster) == n, f"cluster: {len(cluster)} lines for {n} documents"
assert len(set(cluster)) == n, "a document is twice in the cluster's JSONL"
assert sorted(local) == sorted(cluster), "records differ"
PY
dump="
SELECT 'document', path, doc_id, content_sha256, pipeline, text, meta, sentence_count, token_count FROM documents ORDER BY path, doc_id;
SELECT 'entity', d.path, d.doc_id, e.ordinal, e.label, e.start_offset, e.end_offset, e.text, e.normalized, e.unit, e.confidence
  FROM entities e JOIN documents d USING (document_id) ORDER BY d.path, d.doc_id, e.ordinal;
SELECT 'event', d.path, d.doc_id, v.ordinal, v.type, v.trigger_start, v.trigger_end, v.trigger_text, v.sentence_text, v.confidence
  FROM events v JOIN documents d USING (document_id) ORDER BY d.path, d.doc_id, v.ordinal;
SELECT 'argument', d.path, d.doc_id, v.ordinal, a.ordinal, a.role, a.start_offset, a.end_offset, a.text, e.ordinal, a.entity_label, a.normalized, a.confidence
  FROM arguments a JOIN events v ON v.event_id = a.event_id JOIN documents d ON d.document_id = v.document_id
  LEFT JOIN entities e ON e.entity_id = a.entity_id ORDER BY d.path, d.doc_id, v.ordinal, a.ordinal;
SELECT 'relation', d.path, d.doc_id, r.ordinal, r.type, r.head_start, r.head_end, r.head_text, r.tail_start, r.tail_end, r.tail_text, r.confidence
  FROM relations r JOIN documents d USING (document_id) ORDER BY d.path, d.doc_id, r.ordinal;"
sql "${tag}_local" "$dump" > "$work/local.rows"
sql "${tag}_cluster" "$dump" > "$work/cluster.rows"
diff -q "$work/local.rows" "$work/cluster.rows" >/dev/null || { diff "$work/local.rows" "$work/cluster.rows" | head -20 >&2; fail "the cluster's rows differ from the single machine's"; }
stored=$(sql "${tag}_cluster" "SELECT COUNT(*) || ' ' || COUNT(DISTINCT (path, doc_id)) FROM documents")
[[ $stored == "$docs $docs" ]] || fail "documents stored (rows, distinct): $stored; expected $docs of each"
rows=$(wc -l < "$work/cluster.rows")
runs=$(sql "${tag}_cluster" "SELECT string_agg(status, ',' ORDER BY run_id) FROM runs")
[[ $runs == *,finished && $runs != *running* ]] || fail "runs of the cluster's database: $runs; expected the last finished and none left running"
if [[ $killed_client == 1 && $runs != abandoned,* ]]; then fail "runs of the cluster's database: $runs; expected the killed client's run abandoned"; fi

# ---- PostgreSQL unreachable: a clear error, nothing written ----
set +e
"${nlp[@]}" extract "$work/in" --cluster "postgres://nlp:nlp@127.0.0.1:1/nowhere" --out "$work/unreachable/documents.jsonl" > "$work/unreachable.log" 2>&1
status=$?
set -e
[[ $status == 1 ]] || { cat "$work/unreachable.log" >&2; fail "an unreachable PostgreSQL gave exit $status, not 1"; }
grep -q "cannot reach the cluster's database postgres://nlp:\*\*\*@127.0.0.1:1/nowhere" "$work/unreachable.log" \
  || { cat "$work/unreachable.log" >&2; fail "no clear error for an unreachable PostgreSQL"; }
[[ ! -e $work/unreachable ]] || fail "an unreachable PostgreSQL left output behind: $(ls -A "$work/unreachable")"

say "ok: $docs documents, $rows identical rows and JSONL records, silo b killed (runs: $runs)"
