"""The CCG document model (format ccg-document/1)."""
