"""CPU each process of an idle production stack uses right after start (what runs in the background).

    .venv/bin/python bench/idle_cpu.py --model M.tar.gz [--embed-cache DIR] [--windows 4] [--seconds 15]

Starts the production topology as `bench/load.py --start production` does, without waiting for the
embeddings, and prints the CPU seconds of each process in consecutive windows while no request is sent.
A catalogue API that embeds the catalogue in every worker shows up as about a core per worker.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import cpu_use  # noqa: E402
from bot.production import ProductionStack, Topology  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--embed-cache")
    parser.add_argument("--windows", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    import tempfile
    import uuid

    from services_catalog import settings as settings_module
    from services_catalog.settings import Settings

    var = Path(tempfile.mkdtemp(prefix="citybot-idle-"))
    var.chmod(0o755)  # PostgreSQL runs as its own user and must reach its data directory
    secrets = {name: uuid.uuid4().hex for name in ("rasa_token", "api_token", "admin_password", "hash_salt")}
    settings = Settings(var_dir=var, rasa_servers=2, cors_origins="http://127.0.0.1", production=True,
                        **({"embed_cache": Path(args.embed_cache)} if args.embed_cache else {}), **secrets)
    settings_module.use_settings(settings)
    stack = ProductionStack(model=Path(args.model), settings=settings, topology=Topology.free(2, 1))
    stack.start(timeout=900)
    try:
        for _ in range(args.windows):
            before = cpu_use(stack)
            time.sleep(args.seconds)
            after = cpu_use(stack)
            print(json.dumps({name: round(after[name] - before[name], 2) for name in after}), flush=True)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
