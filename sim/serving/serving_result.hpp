// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/stats/batch_means.hpp"
#include "sim/store/run_result.hpp"
#include "sim/topology/topology.hpp"

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace servesim::sim {

struct StageStats {
  std::string name;
  std::string category;
  double mean_queue_ms = 0;
  double mean_service_ms = 0;
  double mean_batch = 0;  // batched stages: items per call
};

/// What a serving run predicts. Latencies in ms, from the client's send to its receive.
struct ServingResult {
  double throughput_rps = 0;       // completions inside the measured window per second
  double throughput_ci95_rps = 0;  // its batch-means half-width over parts of the window
  double offered_rps = 0;          // open loop: the arrival rate; closed loop: 0
  double bound_rps = 0;            // static bottleneck bound of the topology
  std::string bottleneck;          // the pool that sets bound_rps
  Estimate mean_ms, p50_ms, p90_ms, p95_ms, p99_ms, p999_ms;
  std::array<double, kCategoryCount> breakdown_ms{};        // mean per measured request
  std::vector<std::pair<std::string, double>> utilization;  // pool -> busy fraction
  std::vector<std::pair<std::string, double>> power_w;      // pool -> mean power (known ones)
  double energy_j = 0;              // over the measured window, all pools with known power
  double energy_j_per_request = 0;  // energy_j / completions in the window
  std::vector<StageStats> stages;
  // Fan-out topologies: child items per request, items finished per second in the window, and
  // each item's latency from its parent's arrival.
  bool has_fanout = false;
  double items_per_request = 0;
  double item_throughput_rps = 0;
  Estimate item_mean_ms, item_p50_ms, item_p99_ms;
  std::uint64_t measured_requests = 0;
  std::uint64_t completed_in_window = 0;
  double window_s = 0;
  double warmup_s = 0;
  std::uint64_t events = 0;
  std::string cost_usage;
  LatencyHistogram latency_histogram;
  std::vector<RequestRecord> requests;
  std::vector<RequestStageRecord> request_stages;
};

}  // namespace servesim::sim
