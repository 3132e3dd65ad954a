// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace servesim::app {

/// servesim's subcommands, one source file each. Each takes the arguments after its name and
/// returns the exit code: 0 done, 1 the run failed, 2 a usage mistake (sim::UsageError).

/// `servesim simulate`: one scenario (a topology and a workload) or a classic queue.
int simulate_command(const std::vector<std::string>& args);

/// `servesim run EXPERIMENT.ini`: an experiment file, sweeps included (the main job).
int run_command(const std::vector<std::string>& args);

/// `servesim export`: result tables as CSV.
int export_command(const std::vector<std::string>& args);

/// `servesim demo`: the engine against queueing theory (four classic queues).
int demo_command(const std::vector<std::string>& args);

/// `servesim bench`: the engine's and the serving model's speed, printed.
int bench_command(const std::vector<std::string>& args);

/// `servesim import --format perf-csv|perf-json|prometheus|mlperf-summary|mlperf-detail FILE
/// [--before FILE] [--interval-s S] [--tag T] [--db FILE] [--json]`: reads the whole file first,
/// then stores its runs (kind "imported") and prints their run ids and key metrics. Command-line
/// mistakes and malformed files throw sim::UsageError (one line, exit code 2) and write nothing.
int import_command(const std::vector<std::string>& args);

/// `servesim calibrate --backend cpu|broker|cuda|testbed ...`: measures this machine into a cost
/// table (each point committed as it is measured), with a progress bar on a terminal and plain
/// lines otherwise, then prints what it measured. `--export-sql FILE` (alone, or after a run)
/// writes the database's tables as reviewable SQL text. Command-line mistakes throw
/// sim::UsageError (exit 2); an unwritable database, an unreachable broker or a missing GPU throw
/// std::runtime_error (one line, exit 1). Ctrl-C stops after the current point (exit 130); the
/// points so far stay stored. `--backend cuda` starts the servesim-cuda executable that sits next
/// to this one (see cuda_backend_launcher.hpp).
int calibrate_command(const std::vector<std::string>& args);

/// `servesim testbed`: a live measured run of a topology on this machine (see
/// validate/testbed/testbed_run.hpp), stored in the results database and printed like
/// `servesim simulate`'s report. The hidden first argument `loadgen-child` runs the load
/// generator process instead.
int testbed_command(const std::vector<std::string>& args);

/// `servesim validate`: predicts a scenario with the simulator and compares the prediction with a
/// measured run, a live testbed run (--live) or a stored one (--measured RUN_ID).
int validate_command(const std::vector<std::string>& args);

}  // namespace servesim::app
