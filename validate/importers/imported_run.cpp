// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/imported_run.hpp"

#include "sim/report/metric_names.hpp"
#include "sim/stats/latency_histogram.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

namespace servesim::validate {

sim::RunResult make_imported_run(const std::string& format, const std::string& path,
                                 const std::string& tag, const nlohmann::ordered_json& parameters) {
  sim::RunResult run;
  run.provenance.kind = "imported";
  run.provenance.command = "import --format " + format;
  run.provenance.tag = tag;
  run.provenance.seed = 0;
  nlohmann::ordered_json config;
  config["source_file"] = std::filesystem::absolute(path).lexically_normal().string();
  config["format"] = format;
  for (const auto& [key, value] : parameters.items()) config[key] = value;
  run.provenance.config_json = config.dump();
  return run;
}

void add_metric(sim::RunResult& run, const std::string& name, double value,
                const std::string& unit) {
  for (sim::MetricValue& m : run.metrics) {
    if (m.name == name) {  // the store keys metrics by (run, name): last value wins
      m.value = value;
      m.unit = unit;
      return;
    }
  }
  run.metrics.push_back({name, value, 0.0, unit});
}

const sim::MetricValue* find_metric(const sim::RunResult& run, const std::string& name) {
  for (const sim::MetricValue& m : run.metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

void set_breakdown(sim::RunResult& run,
                   const std::vector<std::pair<std::string, double>>& mean_ms) {
  double total = 0.0;
  for (const auto& entry : mean_ms) total += entry.second;
  run.breakdown.clear();
  for (const auto& [category, ms] : mean_ms) {
    run.breakdown.push_back({category, ms, total > 0 ? ms / total : 0.0});
  }
}

std::int64_t percentile_of_sorted(const std::vector<std::int64_t>& sorted, double percent) {
  const double position = percent / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto index = static_cast<std::size_t>(position + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

void add_latency_summary(sim::RunResult& run, std::vector<std::int64_t>& latencies_ns) {
  std::sort(latencies_ns.begin(), latencies_ns.end());
  sim::LatencyHistogram histogram;
  double sum_ns = 0.0;
  for (const std::int64_t v : latencies_ns) {
    histogram.record(v);
    sum_ns += static_cast<double>(v);
  }
  const double n = static_cast<double>(latencies_ns.size());
  add_metric(run, sim::metric::latency_ms("mean"), sum_ns / n / 1e6, "ms");
  add_metric(run, sim::metric::latency_ms("min"), static_cast<double>(latencies_ns.front()) / 1e6,
             "ms");
  add_metric(run, sim::metric::latency_ms("max"), static_cast<double>(latencies_ns.back()) / 1e6,
             "ms");
  for (const int p : {50, 90, 95, 99}) {
    add_metric(run, sim::metric::latency_ms("p" + std::to_string(p)),
               static_cast<double>(percentile_of_sorted(latencies_ns, p)) / 1e6, "ms");
  }
  for (int i = 0; i < sim::LatencyHistogram::kBucketCount; ++i) {
    if (histogram.bucket_count(i) == 0) continue;
    run.histogram.push_back({"latency",
                             static_cast<std::int64_t>(sim::LatencyHistogram::bucket_lower(i)),
                             static_cast<std::int64_t>(sim::LatencyHistogram::bucket_width(i)),
                             histogram.bucket_count(i)});
  }
}

std::string format_number(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

}  // namespace servesim::validate
