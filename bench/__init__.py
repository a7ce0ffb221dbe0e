"""Benchmarks behind `make bench` (`python -m bench.run`): results in bench/results.md."""
