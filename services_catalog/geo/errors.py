"""Errors a geodata backend raises; actions turn them into a polite reply."""


class GeoBackendError(Exception):
    """The backend could not answer: unreachable, too slow, or it returned an error."""
