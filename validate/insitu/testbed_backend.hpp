// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/backends/progress_display.hpp"
#include "sim/topology/topology_parser.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace servesim::validate {

/// What `--backend testbed` was asked for.
struct TestbedBackendRequest {
  std::string db_path;
  std::vector<std::string> topology_paths;        ///< topologies the testbed runs (cpu pools only)
  std::vector<sim::AttributeOverride> overrides;  ///< applied to every topology
  std::vector<std::string> images = {"small", "medium", "large"};
  /// Closed-loop points per topology and image: one client (calls mostly alone) and enough to
  /// keep every core and batch slot busy (calls mostly co-run, batches full).
  std::vector<int> concurrencies = {1, 16};
  double duration_s = 15;
  std::uint64_t seed = 1;
  std::vector<std::string> cost_files;  ///< the base, loaded over the shipped defaults
  /// Fewer samples than this leave a point to scaling: a rare batch size seen a few times has
  /// tails set by one-off stalls (the first calls of a model instance), not by the kernel.
  std::size_t min_calls = 50;
  std::string source;           ///< the command line, for provenance
  std::string servesim_binary;  ///< load generator program; empty: this binary
};

/// In-situ calibration: runs the live testbed of each topology at each image class and
/// concurrency, times every cpu stage call inside the running server, and writes per device one
/// table "<device>-testbed-measured" that replaces the base's (the shipped defaults, then
/// `cost_files`) for that device: points measured in situ replace the base's, other points of a
/// measured series are scaled by the nearest measured point's ratio, the rest (other models,
/// brokers, fits, power) are carried as they are. Prints a table of ratios to `out`.
/// Throws TestbedRefusal for a topology this machine cannot run (before anything is written).
void run_testbed_backend(const TestbedBackendRequest& request, calib::ProgressDisplay& progress,
                         std::ostream& out);

}  // namespace servesim::validate
