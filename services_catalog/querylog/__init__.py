"""The query log: one row per user turn, redacted, written from inside the Rasa process; feedback,
the maintainers' inbox and labels read it. docs/ARCHITECTURE.md ("Query log") explains the design."""
