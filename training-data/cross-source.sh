#!/usr/bin/env bash
# The cross-source yardstick: how the models do on documents from sources they have never seen.
#
#  1. leave-one-source-out: for each seed source, the tagger, the event model and the relation model are trained
#     with the shipped recipes (below) on the other seeds' training passages plus all synthetic passages (and the
#     public corpora the recipe names), select on the other seeds' dev passages, and predict every passage of the
#     held-out seed (`nlp folds`);
#  2. dev-other: the models in MODELS (default: the shipped ones) predict training-data/dev-other.jsonl, passages in
#     genres and about episodes the training data lacks, annotated apart from it and never trained on; again with
#     the profile's calibration model last when there is one (dev-other-calibrated: what `nlp extract` ships);
#  3. `nlp eval --cross-source` prints F1 and ECE per layer for each held-out source, their mean and pooled score,
#     and dev-other, and writes WORK/summary.json.
# `nlp calibrate --cross-source WORK` then fits models/calibration on the held-out predictions (docs/TRAINING.md).
#
# usage: training-data/cross-source.sh [WORK]      (default WORK: $NLP_DATA_CACHE/cross-source)
#   env: JOBS=2 (folds trained at once, one torch thread each), MODELS=models, DEV_OTHER_ONLY=1 (skip the folds:
#        score MODELS on dev-other alone, a minute), NLP_DATA_CACHE=~/.cache/nlp-data,
#        PROFILE=fast|accurate (default fast): the recipes and shipped models of that profile (accurate: the encoder's
#        tagger, event and relation models; a fold's tagger then takes up to an hour).
# A fold's model whose manifest is already in WORK is kept (a stopped run resumes; delete a model's folder to
# retrain it); its predictions are always made again.
# Needs WordNet (apt-get install wordnet) for the event and relation models' lexical classes, as their training does.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
work=${1:-"${NLP_DATA_CACHE:-$HOME/.cache/nlp-data}/cross-source"}
jobs=${JOBS:-2}
models=${MODELS:-models}
corpora=../shared/corpora
data=training-data
mkdir -p "$work"
# Build once, and run a copy: the whole yardstick uses one binary even if the sources change meanwhile.
./nlp --help > /dev/null 2>&1
rm -rf "$work/bin" && cp -r src/Nlp.Cli/bin/Release/net10.0 "$work/bin"
nlp() { dotnet "$work/bin/nlp.dll" "$@"; }

# The shipped recipes (docs/TRAINING.md): the same options make models/ner, models/events and models/relations
# (fast), models/ner-minilm, models/events-minilm and models/relations-minilm (accurate).
profile=${PROFILE:-fast}
case "$profile" in
  fast) ner_model=ner events_model=events relations_model=relations calibration_model=calibration encoder=() relations_options=() minutes=40 ;;
  accurate) ner_model=ner-minilm events_model=events-minilm relations_model=relations-minilm calibration_model=calibration-minilm
            encoder=(--encoder minilm-l4-v2-int8) relations_options=(--pair-scorer minilm-l4-v2-int8 --pair-scorer-epochs 12 --list-propagation) minutes=60 ;;
  *) echo "cross-source.sh: PROFILE must be fast or accurate, not '$profile'" >&2; exit 2 ;;
esac
ner_recipe=(--aux "$corpora/conll2003/train.conll" --max-words 9000 --threads 1 --max-minutes "$minutes" "${encoder[@]}"
            --gazetteer "$models/$ner_model/gazetteer.tsv.gz" --word-vectors "$models/$ner_model/word-vectors.bin.gz")
events_recipe=(--threads 1 "${encoder[@]}")
# The relation model also learns from CoNLL04 relabelled to the domain (Live_In -> RESIDES_IN, Work_For -> MEMBER_OF,
# Located_In and OrgBased_In -> LOCATED_IN): on the yardstick it helps (docs/RESULTS.md).
conll04_domain=$work/conll04-domain.jsonl
relations_extra=",$conll04_domain"
relations_recipe=(--threads 1 "${relations_options[@]}")
stages=ner,numbers,relations,events

fold() {
  local dir=$1 log=$1/log.txt
  trained() { [[ -f "$dir/$1/manifest.json" ]] && echo "$(basename "$dir"): $1 kept (trained before)" >> "$log"; }
  trained ner || nlp train ner --train "$dir/train.jsonl,$data/synthetic.jsonl" --dev "$dir/dev.jsonl" --out "$dir/ner" "${ner_recipe[@]}" >> "$log" 2>&1
  trained events || nlp train events --train "$dir/train.jsonl,$data/synthetic.jsonl" --dev "$dir/dev.jsonl" --out "$dir/events" "${events_recipe[@]}" >> "$log" 2>&1
  trained relations || nlp train relations --train "$dir/train.jsonl,$data/synthetic.jsonl$relations_extra" --dev "$dir/dev.jsonl" --out "$dir/relations" "${relations_recipe[@]}" >> "$log" 2>&1
  nlp predict --input "$dir/test.jsonl" --output "$dir/predicted.jsonl" --stages "$stages" --ner-model "$dir/ner" \
    --relations-model "$dir/relations" --events-model "$dir/events" --threads 1 >> "$log" 2>&1
  echo "$(basename "$dir"): done ($(grep -o 'best epoch.*' "$log" | tail -1))" >&2
}

if [[ -z "${DEV_OTHER_ONLY:-}" ]]; then
  nlp convert --from conll04 --to jsonl --to-domain "$corpora/conll04/train.json" "$conll04_domain" >&2
  nlp folds --train "$data/train.jsonl" --dev "$data/dev.jsonl" --out "$work" >&2
  running=0
  for dir in "$work"/loso-*/; do
    fold "${dir%/}" &
    running=$((running + 1))
    if ((running >= jobs)); then wait -n; running=$((running - 1)); fi
  done
  wait
fi

if [[ -s "$data/dev-other.jsonl" ]]; then
  mkdir -p "$work/dev-other"
  cp "$data/dev-other.jsonl" "$work/dev-other/test.jsonl"
  nlp predict --input "$work/dev-other/test.jsonl" --output "$work/dev-other/predicted.jsonl" --stages "$stages" \
    --ner-model "$models/$ner_model" --relations-model "$models/$relations_model" --events-model "$models/$events_model" --threads "$jobs" \
    > "$work/dev-other/log.txt" 2>&1
  if [[ -f "$models/$calibration_model/manifest.json" ]]; then
    mkdir -p "$work/dev-other-calibrated"
    cp "$data/dev-other.jsonl" "$work/dev-other-calibrated/test.jsonl"
    nlp predict --input "$work/dev-other/test.jsonl" --output "$work/dev-other-calibrated/predicted.jsonl" --stages "$stages,calibration" \
      --ner-model "$models/$ner_model" --relations-model "$models/$relations_model" --events-model "$models/$events_model" \
      --calibration-model "$models/$calibration_model" --threads "$jobs" > "$work/dev-other-calibrated/log.txt" 2>&1
  fi
else
  echo "notice: no $data/dev-other.jsonl (nlp annotations build makes it from $data/dev-other/*.ann): dev-other not scored" >&2
fi
nlp eval --cross-source "$work"
