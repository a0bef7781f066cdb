"""行政执法统计 (PUB-12, SUP-02): the half-year and annual figures of each agency — decisions by kind, publications
and their on-time rate, withdrawals, corrections, legal reviews — the reports due 10 July and 10 January, and
the draft analysis report for the 司法局. Above cases, review and publicity, which it reads."""
