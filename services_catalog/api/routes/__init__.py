"""One router per resource of the catalogue API."""
