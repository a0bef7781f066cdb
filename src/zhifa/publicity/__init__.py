"""行政执法公示: publications (redacted snapshots), their review, withdrawal, expiry and correction, the credit
platform export, and the public portal, which reads publication snapshots and published catalog pages only."""
