"""`python -m bot.action_server [--fd N] [rasa_sdk options]`: the action server on a socket the launcher holds.

The same as `python -m rasa_sdk`, plus `--fd` (bot/listen.py), so that the port
is never released between choosing it and serving on it.
"""

from __future__ import annotations

import argparse
import threading

from services_catalog.cpu_threads import limit_cpu_threads
from services_catalog.geo.service import get_service
from services_catalog.search.vocabulary import known_word


def main(argv: list[str] | None = None) -> None:
    own = argparse.ArgumentParser(add_help=False)
    own.add_argument("--fd", type=int, help="serve on this inherited listening socket instead of --port")
    known, rest = own.parse_known_args(argv)
    limit_cpu_threads()
    threading.Thread(target=lambda: get_service().preload(), name="geodata-preload", daemon=True).start()
    # the fallback's catalogue vocabulary (half a second to build): before the first question, not during it
    threading.Thread(target=lambda: known_word("x"), name="vocabulary-preload", daemon=True).start()
    if known.fd is not None:
        from bot.listen import serve_sanic_on

        serve_sanic_on(known.fd)
    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser

    main_from_args(create_argument_parser().parse_args(rest))


if __name__ == "__main__":
    main()
