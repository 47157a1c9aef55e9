"""The check pipeline, one module a stage."""
