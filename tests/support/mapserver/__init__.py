"""A real WFS 2.0 server for tests: MapServer CGI behind a tiny loopback HTTP server."""
