"""Renderers: reports and ruleset information as text for people and tools."""
