"""The city's own tables (terms, services, geodata, programme facts) and the code that serves them."""
