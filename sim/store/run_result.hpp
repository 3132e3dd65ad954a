// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace servesim::sim {

/// Where a run came from: enough to run it again and get the same bytes.
struct RunProvenance {
  std::string kind = "simulated";  // simulated | measured | imported
  std::string command;             // e.g. "simulate --queue"
  std::string tag;                 // free label: experiment name, sweep point
  std::string config_json;         // every input that shaped the run
  std::uint64_t seed = 0;
  std::string cost_source;  // cost table(s) used, or "" when none
};

struct MetricValue {
  std::string name;
  double value = 0.0;
  double ci95_halfwidth = 0.0;
  std::string unit;
};

/// Per-resource time integrals over the measured window.
struct ResourceUsage {
  std::string resource;
  int capacity = 0;
  double utilization = 0.0;
  double mean_queue_length = 0.0;
  double energy_j = 0.0;
  double mean_power_w = 0.0;
};

/// Per-category share of end-to-end time (network, queueing, preprocessing, ...).
struct BreakdownValue {
  std::string category;
  double mean_ms = 0.0;
  double share = 0.0;
};

/// One non-empty histogram bucket: [lower_ns, lower_ns + width_ns).
struct HistogramBucket {
  std::string series;
  std::int64_t lower_ns = 0;
  std::int64_t width_ns = 0;
  std::uint64_t count = 0;
};

/// One request as the client saw it (simulated or measured), times from the start of the run.
struct RequestRecord {
  std::int64_t request_id = 0;
  std::int64_t parent_id = -1;  // -1: none
  std::string image_class;
  int width = 0;
  int height = 0;
  std::int64_t jpeg_bytes = 0;
  std::int64_t sent_ns = 0;
  std::int64_t done_ns = 0;
};

/// One request's pass through one stage.
struct RequestStageRecord {
  std::int64_t request_id = 0;
  std::string stage;
  std::string category;
  std::int64_t enter_ns = 0;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  int batch_size = 1;

  bool operator==(const RequestStageRecord&) const = default;
};

/// Everything a run produced, written to the results store in one transaction.
struct RunResult {
  RunProvenance provenance;
  double wall_time_s = 0.0;
  std::vector<MetricValue> metrics;
  std::vector<ResourceUsage> resources;
  std::vector<BreakdownValue> breakdown;
  std::vector<HistogramBucket> histogram;
  std::vector<RequestRecord> requests;  // optional per-request records
  std::vector<RequestStageRecord> request_stages;
};

}  // namespace servesim::sim
