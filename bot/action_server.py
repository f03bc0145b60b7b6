"""`python -m bot.action_server [--fd N] [rasa_sdk options]`: the action server on a socket the launcher holds.

The same as `python -m rasa_sdk`, plus `--fd` (bot/listen.py), so that the port
is never released between choosing it and serving on it.
"""

from __future__ import annotations

import argparse
import logging
import threading

from services_catalog.cpu_threads import limit_cpu_threads
from services_catalog.gc_freeze import freeze_loaded_objects
from services_catalog.geo.service import get_service
from services_catalog.search.lexicon import default_concepts
from services_catalog.search.vocabulary import known_word
from services_catalog.terms import terms_by_id

log = logging.getLogger(__name__)


def preload(freeze: bool = True) -> None:
    """Load at start-up what the first questions would wait for, and freeze it (services_catalog/gc_freeze.py;
    bench/gc_pauses.py loads without freezing, to measure what the freeze saves).

    The tables first: the fallback's catalogue vocabulary (half a second to build), the search lexicon and the
    term table. The place index last, as it may wait for the WFS.
    """
    for load in (lambda: known_word("x"), default_concepts, terms_by_id):
        try:
            load()
        except Exception:  # noqa: BLE001 - the question that needs it will load it again and say what is wrong
            log.exception("preloading %s failed", getattr(load, "__name__", load))
    if freeze:
        freeze_loaded_objects()
    get_service().preload()
    if freeze:
        freeze_loaded_objects()


def main(argv: list[str] | None = None) -> None:
    own = argparse.ArgumentParser(add_help=False)
    own.add_argument("--fd", type=int, help="serve on this inherited listening socket instead of --port")
    known, rest = own.parse_known_args(argv)
    limit_cpu_threads()
    threading.Thread(target=preload, name="preload", daemon=True).start()
    if known.fd is not None:
        from bot.listen import serve_sanic_on

        serve_sanic_on(known.fd)
    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser

    main_from_args(create_argument_parser().parse_args(rest))


if __name__ == "__main__":
    main()
