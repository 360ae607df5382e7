#!/usr/bin/env bash
# Cross-fitted entity predictions on a training set, for fitting a relation model's thresholds on the mentions a
# tagger really produces (`nlp train relations --predicted-entities FILE`).
#
# The training documents are split into K folds (document i goes to fold i mod K); for each fold a tagger is
# trained on the other folds with the given `nlp train ner` options (those of the shipped tagger) and predicts the
# held-out one with the given stages, so no document's entities come from a tagger that saw its labels. Prints
# the path of the predicted JSONL: every training document, in order, with entities and their confidences.
#
# usage: training-data/crossfit-entities.sh NAME TRAIN[,TRAIN2] DEV STAGES [nlp train ner options...]
#   env: FOLDS=5, JOBS=2 (taggers trained at once, one torch thread each), NLP_DATA_CACHE=~/.cache/nlp-data
# e.g. (docs/TRAINING.md, "The public-corpus models"):
#   training-data/crossfit-entities.sh conll04 ../shared/corpora/conll04/train.json ../shared/corpora/conll04/dev.json ner \
#     --aux ../shared/corpora/conll2003/train.conll --max-words 6000 --hidden 160 --epochs 40 \
#     --gazetteer models/ner-conll04/gazetteer.tsv.gz --word-vectors models/ner-conll04/word-vectors.bin.gz
set -euo pipefail
if (($# < 4)); then sed -n '2,16p' "$0" >&2; exit 2; fi
name=$1 train=$2 dev=$3 stages=$4
shift 4
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
folds=${FOLDS:-5}
jobs=${JOBS:-2}
out="${NLP_DATA_CACHE:-$HOME/.cache/nlp-data}/crossfit-$name"
mkdir -p "$out"
./nlp --help > /dev/null 2>&1   # build once, before taggers run in parallel

# All training documents as one JSONL file, in the order given.
: > "$out/train.jsonl"
IFS=, read -ra parts <<< "$train"
for part in "${parts[@]}"; do
  case "$part" in
    *.jsonl) cat "$part" >> "$out/train.jsonl" ;;
    *.json) ./nlp convert --from conll04 --to jsonl "$part" "$out/part.jsonl" >&2; cat "$out/part.jsonl" >> "$out/train.jsonl" ;;
    *) echo "crossfit-entities.sh: $part: expected .jsonl or a CoNLL04 .json file" >&2; exit 2 ;;
  esac
done
rm -f "$out/part.jsonl"
for ((k = 0; k < folds; k++)); do
  awk -v k="$k" -v n="$folds" '(NR - 1) % n == k' "$out/train.jsonl" > "$out/heldout-$k.jsonl"
  awk -v k="$k" -v n="$folds" '(NR - 1) % n != k' "$out/train.jsonl" > "$out/rest-$k.jsonl"
done

fold() {
  local k=$1
  shift
  ./nlp train ner --train "$out/rest-$k.jsonl" --dev "$dev" --out "$out/tagger-$k" --threads 1 "$@" > "$out/train-$k.log" 2>&1
  ./nlp predict --input "$out/heldout-$k.jsonl" --output "$out/predicted-$k.jsonl" --stages "$stages" \
    --ner-model "$out/tagger-$k" --threads 1 > "$out/predict-$k.log" 2>&1
  echo "fold $((k + 1))/$folds: $(grep -o 'best epoch.*' "$out/train-$k.log" | tail -1)" >&2
}

running=0
for ((k = 0; k < folds; k++)); do
  fold "$k" "$@" &
  running=$((running + 1))
  if ((running >= jobs)); then wait -n; running=$((running - 1)); fi
done
wait

# Back in the order of train.jsonl: line i of it is line i / K of fold i mod K (paste pads shorter folds with
# empty lines, dropped).
files=(); for ((k = 0; k < folds; k++)); do files+=("$out/predicted-$k.jsonl"); done
paste -d '\n' "${files[@]}" | grep -v '^$' > "$out/train-predicted.jsonl"
echo "$out/train-predicted.jsonl"
