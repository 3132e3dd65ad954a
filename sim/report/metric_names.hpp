// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace servesim::sim {

/// The one vocabulary of metric names (docs/vocabulary.md), the same in JSON, CSV and the results
/// database for simulated, measured, imported and validated runs. A dotted name is a path in
/// JSON: "latency_ms.p99" is {"latency_ms": {"p99": ...}}.
namespace metric {
inline constexpr const char* kThroughputRps = "throughput_rps";
inline constexpr const char* kBoundRps = "bound_rps";
inline constexpr const char* kOfferedRps = "offered_rps";
inline constexpr const char* kMeasuredRequests = "measured_requests";
inline constexpr const char* kWarmupS = "warmup_s";
inline constexpr const char* kEnergyJ = "energy_j";
inline constexpr const char* kEnergyJPerRequest = "energy_j_per_request";
inline constexpr const char* kItemsPerRequest = "fanout.items_per_request";
inline constexpr const char* kItemThroughputRps = "fanout.item_throughput_rps";

/// "latency_ms.p99" for ("p99"); statistics are mean, min, max and pNN ("p999" is the 99.9th).
std::string latency_ms(std::string_view statistic);
/// A fan-out child's latency: "fanout.item_latency_ms.p50".
std::string item_latency_ms(std::string_view statistic);
/// "breakdown.inference.mean_ms" or "breakdown.inference.share".
std::string breakdown(std::string_view part, std::string_view field);
/// "p99.9" as a statistic name: "p999"; "50" -> "p50". Empty when percent is not in (0, 100).
std::string percentile_statistic(double percent);
}  // namespace metric

/// The vocabulary's name of a metric stored by an older build ("latency_p99_ms" ->
/// "latency_ms.p99", "item_latency_p50_ms" -> "fanout.item_latency_ms.p50"); any other name is
/// returned as it is. Readers of the results database call it, so old files still compare.
std::string current_metric_name(const std::string& stored);

/// Sets `value` at the dotted path `name` of `j`, making the objects on the way.
void put_metric(nlohmann::ordered_json& j, const std::string& name, nlohmann::ordered_json value);

/// A run's metrics, breakdown ({part: {mean_ms, share}}) and utilization ({pool: fraction}) in
/// the vocabulary's JSON shape: the one writer every command's JSON uses.
nlohmann::ordered_json run_metrics_json(const RunResult& run);

}  // namespace servesim::sim
