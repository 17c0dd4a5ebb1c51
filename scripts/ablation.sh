#!/usr/bin/env bash
# The paper's ablations in miniature (its Table 2: C2D vs I3D vs NL-I3D, and the four non-local
# instantiations), on the synthetic-motion dataset, where only time tells the classes apart.
# Every variant is the demo-nl-i3d preset with one thing changed, trained with the same budget,
# data, seed and schedule, and scored by `nlvideo evaluate` on the same test split.
# Usage: scripts/ablation.sh [WORKDIR]   (default: target/ablation)
# Env: TRAIN (1000), VAL (100), TEST (200) videos, EPOCHS (15), LR (0.02), BATCH (16), SEED (1).
# Prints a Markdown table (also written to WORKDIR/ablation.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$root/target/ablation}"
nlvideo="$root/scripts/nlvideo"
base="$root/conf/models/demo-nl-i3d.yaml"
mkdir -p "$work/models"

if [ ! -f "$work/data/test.csv" ]; then
  "$nlvideo" make-dataset --output "$work/data" --seed "${SEED:-1}" \
    --train "${TRAIN:-1000}" --val "${VAL:-100}" --test "${TEST:-200}" --overwrite >&2
fi

# variant NAME SED-EXPRESSION...: the demo preset with those edits, under its own name
variant() {
  local name="$1"; shift
  sed "$@" -e "s/^name: .*/name: $name/" "$base" > "$work/models/$name.yaml"
}
no_nl='s/^\(  positions:\).*/\1 [[], [], [], []]/'
c2d_conv1='s/^conv1: {kernel: \[[0-9]*, /conv1: {kernel: [1, /; /^conv1:/s/padding: \[[0-9]*, /padding: [0, /'
variant ablation-c2d -e 's/^arch: i3d/arch: c2d/' -e "$c2d_conv1" -e "$no_nl"
variant ablation-i3d -e "$no_nl"
variant ablation-nl-embedded-gaussian -e 's/^\(  instantiation:\).*/\1 embedded-gaussian/'
variant ablation-nl-dot-product -e 's/^\(  instantiation:\).*/\1 dot-product/'
variant ablation-nl-gaussian -e 's/^\(  instantiation:\).*/\1 gaussian/'
variant ablation-nl-concatenation -e 's/^\(  instantiation:\).*/\1 concatenation/'

table="$work/ablation.md"
{
  echo "| model | non-local | params | test top-1 | best val top-1 | train s |"
  echo "|---|---|---:|---:|---:|---:|"
} > "$table"
for name in ablation-c2d ablation-i3d ablation-nl-embedded-gaussian ablation-nl-dot-product \
    ablation-nl-gaussian ablation-nl-concatenation; do
  model="$work/models/$name.yaml"
  start=$(date +%s)
  "$nlvideo" train --model "$model" --train "$work/data/train.csv" --val "$work/data/val.csv" \
    --output "$work/$name" --overwrite --epochs "${EPOCHS:-15}" --batch-size "${BATCH:-16}" \
    --lr "${LR:-0.02}" --warmup-epochs 1 --seed "${SEED:-1}" > "$work/$name.log" 2>&1
  seconds=$(( $(date +%s) - start ))
  "$nlvideo" evaluate --input "$work/data/test.csv" --model "$work/$name/model.yaml" \
    --weights "$work/$name/best.nlw" --labels "$work/$name/labels.txt" --output "$work/$name-test" \
    --overwrite > "$work/$name-test.log" 2>&1
  top1=$(sed -n 's/.*"top1" *: *\([0-9.]*\).*/\1/p' "$work/$name-test/summary.json" | head -n 1)
  best=$(awk -F, 'NR > 1 && $6 > b {b = $6} END {printf "%.3f", b}' "$work/$name/history.csv")
  params=$("$nlvideo" model-info --model "$model" 2>/dev/null | sed -n 's/.*[Pp]arameters[^0-9]*\([0-9][0-9,.]*[KM]\{0,1\}\).*/\1/p' | head -n 1)
  arch=$(sed -n 's/^arch: //p' "$model")
  nl=$(grep -q 'positions: \[\[\], \[\], \[\], \[\]\]' "$model" && echo none || sed -n 's/^  instantiation: //p' "$model")
  printf '| %s | %s | %s | %.3f | %s | %d |\n' "$arch" "$nl" "$params" "$top1" "$best" "$seconds" >> "$table"
  echo "$name: test top-1 $top1 ($seconds s)" >&2
done
cat "$table"
