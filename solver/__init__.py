"""The CP-SAT model of a training block: build, solve, decode."""
