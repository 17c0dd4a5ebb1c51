#!/usr/bin/env bash
# Spark GPU resource discovery script (spark.executor.resource.gpu.discoveryScript,
# spark.worker.resource.gpu.discoveryScript): prints {"name":"gpu","addresses":["0","1",...]}
# with the indices nvidia-smi reports, and an empty address list where there is no NVIDIA GPU,
# so the same configuration works on CPU-only machines. CUDA_VISIBLE_DEVICES, when set to
# indices, limits the list.
set -u
addresses=()
if command -v nvidia-smi >/dev/null 2>&1; then
  while IFS= read -r index; do
    index="${index//[[:space:]]/}"
    [[ "$index" =~ ^[0-9]+$ ]] && addresses+=("$index")
  done < <(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null)
fi
if [[ -n "${CUDA_VISIBLE_DEVICES:-}" && "${CUDA_VISIBLE_DEVICES}" =~ ^[0-9,]+$ ]]; then
  visible=",${CUDA_VISIBLE_DEVICES},"
  kept=()
  for a in "${addresses[@]}"; do [[ "$visible" == *",$a,"* ]] && kept+=("$a"); done
  addresses=("${kept[@]}")
fi
json=""
for a in "${addresses[@]}"; do json+="${json:+,}\"$a\""; done
printf '{"name":"gpu","addresses":[%s]}\n' "$json"
