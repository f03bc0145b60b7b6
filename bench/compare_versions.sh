#!/usr/bin/env bash
# Dev-set accuracy of two code versions with the SAME model, through each version's own running stack
# (REST channel), judged by this checkout's `citybot eval` (`--lang-hint`, as the dev sets were measured).
#
#   bench/compare_versions.sh OLD_REV NEW_REV MODEL.tar.gz [dev set files...]
#
# A refactor that keeps behaviour gives the same figures and the same misses. Each version runs in a
# temporary git worktree on its own ports; results go to var/bench/compare/<rev>-<set>.txt.
set -u
cd "$(dirname "$0")/.."
REPO=$PWD PY=$PWD/.venv/bin/python
old=$1 new=$2 model=$(realpath "$3"); shift 3
sets=("$@"); [ ${#sets[@]} -gt 0 ] || sets=(tests/eval/dev_terms.yml tests/eval/dev_programme.yml tests/eval/dev_services.yml)
out=$REPO/var/bench/compare; mkdir -p "$out/models"; cp "$model" "$out/models/"
export CITYBOT_EMBED_CACHE=${CITYBOT_EMBED_CACHE:-$HOME/.cache/citybot-tests/embeddings}
port=18100
for rev in "$old" "$new"; do
  wt=$(mktemp -d) && git worktree add -q --detach "$wt" "$rev"
  api=$port actions=$((port + 55)) rasa=$((port + 5)); port=$((port + 100))
  (cd "$wt" && CITYBOT_VAR_DIR="$out/var-$rev" $PY -m bot.cli run --no-train --models "$out/models" \
     --api-port $api --actions-port $actions --rasa-port $rasa > "$out/run-$rev.log" 2>&1) &
  runner=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$api/health" | grep -q hybrid && curl -sf "http://127.0.0.1:$rasa/status" >/dev/null && break
    sleep 2
  done
  for set in "${sets[@]}"; do
    name=$(basename "$set" .yml)
    $PY -m bot.cli eval "$wt/$set" --server "http://127.0.0.1:$rasa" --lang-hint > "$out/$rev-$name.txt" 2>&1
    echo "$rev $name: $(head -1 "$out/$rev-$name.txt")"
  done
  kill $runner; wait $runner 2>/dev/null
  git worktree remove --force "$wt"
done
for set in "${sets[@]}"; do
  name=$(basename "$set" .yml)
  if diff <(grep '^  \[' "$out/$old-$name.txt") <(grep '^  \[' "$out/$new-$name.txt") >/dev/null; then
    echo "$name: the same misses"
  else
    echo "$name: the misses differ (see $out)"
  fi
done
