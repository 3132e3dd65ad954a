// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace servesim::validate {

/// Starts a run the way every importer records one: kind "imported", seed 0, command
/// "import --format <format>", and config_json holding the source file's absolute path, the format
/// and the given parameters (load point, row, scrape window, ...).
sim::RunResult make_imported_run(const std::string& format, const std::string& path,
                                 const std::string& tag, const nlohmann::ordered_json& parameters);

void add_metric(sim::RunResult& run, const std::string& name, double value,
                const std::string& unit);
/// The metric's row, or nullptr when the run has none of that name.
const sim::MetricValue* find_metric(const sim::RunResult& run, const std::string& name);

/// Sets the run's breakdown from (category, mean ms) pairs; each share is its mean over the sum of
/// all listed means, so the shares add up to 1.
void set_breakdown(sim::RunResult& run, const std::vector<std::pair<std::string, double>>& mean_ms);

/// perf_analyzer's own percentile rule, sorted[round(percent / 100 * (n - 1))], so that a profile
/// export gives the same p99 as the CSV perf_analyzer wrote in the same run. sorted is non-empty.
std::int64_t percentile_of_sorted(const std::vector<std::int64_t>& sorted, double percent);

/// Adds latency_{mean,min,max,p50,p90,p95,p99}_ms and the "latency" histogram (the simulator's
/// bucket layout) from per-request latencies in ns; sorts the vector. Non-empty.
void add_latency_summary(sim::RunResult& run, std::vector<std::int64_t>& latencies_ns);

/// "1.5" for 1.5, "4" for 4.0: shortest text that reads back the same, for tags.
std::string format_number(double value);

}  // namespace servesim::validate
