// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/serving/batch_order.hpp"
#include "sim/serving/serving_config.hpp"
#include "sim/serving/serving_result.hpp"
#include "sim/store/run_result.hpp"
#include "sim/topology/topology_parser.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace servesim::validate {

/// One live run: the same scenario vocabulary as `servesim simulate`.
struct TestbedConfig {
  std::string topology_path;
  std::vector<sim::AttributeOverride> overrides;  // --set node.attr=value, as the simulator's
  double rate_per_s = 0;                          // open loop (Poisson) ...
  int concurrency = 0;                            // ... or closed loop; exactly one is positive
  std::string images = "small";  // small | medium | large | a mix like small:0.6,medium:0.4
  double duration_s = 10;        // seconds of sending
  double warmup_s = -1;          // < 0: a tenth of duration_s, as the simulator
  std::uint64_t seed = 1;
  std::string tag;  // stored label; default: the topology's name
  /// Program re-executed as the load generator (`<it> testbed loadgen-child ...`); empty means
  /// this process's own binary (/proc/self/exe). Tests point it at the built servesim.
  std::string servesim_binary;
  double drain_timeout_s = 60;  // longest wait for a reply before the run fails
  /// Progress lines (server port, load generator pid); may be empty.
  std::function<void(const std::string&)> progress;

  /// Throws std::invalid_argument naming the option to fix.
  void validate() const;
  /// Every input, for provenance.
  std::string to_json() const;
};

/// Metric name prefix of a batched stage's batch-first share (sim::count_batch_order), followed
/// by the stage's name: what the topology's batch_first_share models.
inline constexpr const char* kBatchFirstShare = "batch_first_share.";

/// A finished live run: the scenario as the simulator sees it, the summary the simulator's
/// reports print, and the row set the results store takes (provenance kind "measured").
struct TestbedOutcome {
  sim::ServingConfig serving;
  sim::ServingResult summary;
  sim::RunResult run;
  double loadgen_cpu_s = 0;  // user + system seconds of the load generator during the run
  double server_cpu_s = 0;   // of this process (the server) during the run
  /// Per batched stage, what went first after its calls (stored as kBatchFirstShare metrics).
  std::vector<sim::StageBatchOrder> batch_orders;
};

/// Runs the topology for real on this machine: refuses what the machine lacks (TestbedRefusal,
/// nothing started), starts the server threads, runs the load generator as a child process,
/// collects and merges the records. The load generator is stopped and reaped on every exit path;
/// on SIGINT or SIGTERM during the run the children are stopped and the signal re-raised.
TestbedOutcome run_testbed_detailed(const TestbedConfig& config);
/// The results-store view of run_testbed_detailed (what `servesim validate` compares).
sim::RunResult run_testbed(const TestbedConfig& config);

}  // namespace servesim::validate
