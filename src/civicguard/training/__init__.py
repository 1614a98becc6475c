"""Training scripts for the shipped models. Run from a clone with the public data beside it (``../shared/data``);
the engine never trains anything at check time."""
