"""The publicity app's tables."""
