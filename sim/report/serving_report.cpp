// SPDX-License-Identifier: Apache-2.0
#include "sim/report/serving_report.hpp"

#include "sim/report/metric_names.hpp"
#include "sim/store/histogram_rows.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <sstream>

namespace servesim::sim {
namespace {
double total_ms(const ServingResult& r) {
  double total = 0;
  for (double v : r.breakdown_ms) total += v;
  return total;
}
}  // namespace

std::string serving_report_json(const ServingConfig& config, const ServingResult& r,
                                const std::vector<std::string>& cost_files) {
  nlohmann::ordered_json j;
  j["topology"] = config.topology.name;
  j["images"] = config.images.describe();
  j["seed"] = config.seed;
  j["scenario"] = serving_scenario_json(config, cost_files);
  // The headline figures come from the stored run's rows, so JSON and database say the same.
  const nlohmann::ordered_json metrics = run_metrics_json(serving_run_result(config, r, ""));
  for (const auto& item : metrics.items()) j[item.key()] = item.value();
  j["throughput_ci95_halfwidth_rps"] = r.throughput_ci95_rps;
  j["latency_ci95_halfwidth_ms"] = {{"mean", r.mean_ms.ci95_halfwidth},
                                    {"p50", r.p50_ms.ci95_halfwidth},
                                    {"p90", r.p90_ms.ci95_halfwidth},
                                    {"p99", r.p99_ms.ci95_halfwidth}};
  j["bottleneck"] = r.bottleneck;
  nlohmann::ordered_json power = nlohmann::ordered_json::object();
  for (const auto& [pool, watts] : r.power_w) power[pool] = watts;
  j["power_w"] = power;
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  for (const StageStats& s : r.stages) {
    nlohmann::ordered_json stage = {{"stage", s.name},
                                    {"category", s.category},
                                    {"queue_ms", s.mean_queue_ms},
                                    {"service_ms", s.mean_service_ms}};
    if (s.mean_batch > 0) stage["mean_batch"] = s.mean_batch;
    stages.push_back(stage);
  }
  j["stages"] = stages;
  j["window_s"] = r.window_s;
  j["events"] = r.events;
  j["cost_basis"] = r.cost_usage;
  return j.dump(2);
}

nlohmann::ordered_json serving_scenario_json(const ServingConfig& config,
                                             const std::vector<std::string>& cost_files) {
  nlohmann::ordered_json scenario = nlohmann::ordered_json::parse(config.to_json());
  scenario["costs"] = cost_files;
  return scenario;
}

std::string serving_report_table(const ServingConfig& config, const ServingResult& r) {
  std::ostringstream out;
  char line[200];
  std::snprintf(line, sizeof line, "%.1f req/s", r.offered_rps);
  out << config.topology.name << ", images " << config.images.describe() << ", "
      << (config.concurrency > 0 ? "concurrency " + std::to_string(config.concurrency)
                                 : config.arrival + " " + line)
      << ", seed " << config.seed << "\n";
  std::snprintf(
      line, sizeof line,
      "  throughput %.1f req/s (static bound %.1f, bottleneck %s); %llu requests measured "
      "after %.2f s warm-up\n",
      r.throughput_rps, r.bound_rps, r.bottleneck.c_str(),
      static_cast<unsigned long long>(r.measured_requests), r.warmup_s);
  out << line;
  std::snprintf(line, sizeof line,
                "  latency ms: mean %.3f  p50 %.3f  p90 %.3f  p99 %.3f (+/- %.3f)  p99.9 %.3f\n",
                r.mean_ms.value, r.p50_ms.value, r.p90_ms.value, r.p99_ms.value,
                r.p99_ms.ci95_halfwidth, r.p999_ms.value);
  out << line << "  breakdown:";
  const double total = total_ms(r);
  for (int c = 0; c < kCategoryCount; ++c) {
    const double ms = r.breakdown_ms[static_cast<std::size_t>(c)];
    if (ms <= 0) continue;
    std::snprintf(line, sizeof line, " %s %.3f ms (%.0f%%)", to_string(static_cast<Category>(c)),
                  ms, total > 0 ? 100 * ms / total : 0.0);
    out << line;
  }
  if (r.has_fanout) {
    std::snprintf(
        line, sizeof line,
        "\n  fan-out: %.2f items/request, %.1f items/s, item latency ms p50 %.3f  p99 %.3f",
        r.items_per_request, r.item_throughput_rps, r.item_p50_ms.value, r.item_p99_ms.value);
    out << line;
  }
  out << "\n  utilization:";
  for (const auto& [pool, fraction] : r.utilization) {
    std::snprintf(line, sizeof line, " %s %.0f%%", pool.c_str(), 100 * fraction);
    out << line;
  }
  out << "\n";
  return out.str();
}

RunResult serving_run_result(const ServingConfig& config, const ServingResult& r,
                             const std::string& cost_sources) {
  RunResult result;
  result.provenance.command = "simulate --topology";
  result.provenance.tag = config.topology.name;
  result.provenance.config_json = config.to_json();
  result.provenance.seed = config.seed;
  result.provenance.cost_source = cost_sources + " [" + r.cost_usage + "]";
  auto add = [&](const std::string& name, const Estimate& e) {
    result.metrics.push_back({name, e.value, e.ci95_halfwidth, "ms"});
  };
  result.metrics.push_back(
      {metric::kThroughputRps, r.throughput_rps, r.throughput_ci95_rps, "req/s"});
  result.metrics.push_back({metric::kBoundRps, r.bound_rps, 0, "req/s"});
  result.metrics.push_back({metric::kOfferedRps, r.offered_rps, 0, "req/s"});
  add(metric::latency_ms("mean"), r.mean_ms);
  add(metric::latency_ms("p50"), r.p50_ms);
  add(metric::latency_ms("p90"), r.p90_ms);
  add(metric::latency_ms("p95"), r.p95_ms);
  add(metric::latency_ms("p99"), r.p99_ms);
  add(metric::latency_ms("p999"), r.p999_ms);
  result.metrics.push_back(
      {metric::kMeasuredRequests, static_cast<double>(r.measured_requests), 0, "count"});
  result.metrics.push_back({metric::kWarmupS, r.warmup_s, 0, "s"});
  const double total = total_ms(r);
  for (int c = 0; c < kCategoryCount; ++c) {
    const double ms = r.breakdown_ms[static_cast<std::size_t>(c)];
    result.breakdown.push_back(
        {to_string(static_cast<Category>(c)), ms, total > 0 ? ms / total : 0.0});
  }
  for (const auto& [pool, fraction] : r.utilization) {
    ResourceUsage usage{pool, 0, fraction, 0, 0, 0};
    for (const auto& [powered, watts] : r.power_w) {
      if (powered == pool) {
        usage.mean_power_w = watts;
        usage.energy_j = watts * r.window_s;
      }
    }
    result.resources.push_back(usage);
  }
  if (r.has_fanout) {
    result.metrics.push_back({metric::kItemsPerRequest, r.items_per_request, 0, "count"});
    result.metrics.push_back({metric::kItemThroughputRps, r.item_throughput_rps, 0, "items/s"});
    add(metric::item_latency_ms("mean"), r.item_mean_ms);
    add(metric::item_latency_ms("p50"), r.item_p50_ms);
    add(metric::item_latency_ms("p99"), r.item_p99_ms);
  }
  result.metrics.push_back({metric::kEnergyJ, r.energy_j, 0, "J"});
  result.metrics.push_back({metric::kEnergyJPerRequest, r.energy_j_per_request, 0, "J"});
  result.histogram = histogram_rows("latency", r.latency_histogram);
  result.requests = r.requests;
  result.request_stages = r.request_stages;
  return result;
}

}  // namespace servesim::sim
