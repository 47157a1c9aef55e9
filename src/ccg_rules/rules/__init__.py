"""Rulesets: the file format, the condition language and version selection."""
