"""Privacy flows: consent records, the append-only privacy log, access checks, subject rights."""
