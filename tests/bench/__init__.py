"""The benchmarks' own arithmetic and replays (bench/), without running a bench."""
