"""Benchmarks: `python -m bench` (or `make bench`). Ratios against floors measured in the
same run, never absolute targets in unit tests."""
