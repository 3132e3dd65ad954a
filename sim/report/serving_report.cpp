// SPDX-License-Identifier: Apache-2.0
#include "sim/report/serving_report.hpp"

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

std::string serving_report_json(const ServingConfig& config, const ServingResult& r) {
  nlohmann::ordered_json j;
  j["topology"] = config.topology.name;
  j["images"] = config.images.describe();
  if (config.concurrency > 0) {
    j["concurrency"] = config.concurrency;
  } else {
    j["offered_rps"] = r.offered_rps;
  }
  j["seed"] = config.seed;
  j["throughput_rps"] = r.throughput_rps;
  j["throughput_ci95_halfwidth_rps"] = r.throughput_ci95_rps;
  j["bound_rps"] = r.bound_rps;
  j["bottleneck"] = r.bottleneck;
  auto estimate = [](const Estimate& e) { return e.value; };
  j["latency_ms"] = {{"mean", estimate(r.mean_ms)}, {"p50", estimate(r.p50_ms)},
                     {"p90", estimate(r.p90_ms)},   {"p95", estimate(r.p95_ms)},
                     {"p99", estimate(r.p99_ms)},   {"p999", estimate(r.p999_ms)}};
  j["latency_ci95_halfwidth_ms"] = {{"mean", r.mean_ms.ci95_halfwidth},
                                    {"p50", r.p50_ms.ci95_halfwidth},
                                    {"p90", r.p90_ms.ci95_halfwidth},
                                    {"p99", r.p99_ms.ci95_halfwidth}};
  nlohmann::ordered_json breakdown;
  const double total = total_ms(r);
  for (int c = 0; c < kCategoryCount; ++c) {
    const double ms = r.breakdown_ms[static_cast<std::size_t>(c)];
    breakdown[to_string(static_cast<Category>(c))] = {{"mean_ms", ms},
                                                      {"share", total > 0 ? ms / total : 0.0}};
  }
  j["breakdown"] = breakdown;
  nlohmann::ordered_json utilization;
  for (const auto& [pool, fraction] : r.utilization) utilization[pool] = fraction;
  j["utilization"] = utilization;
  nlohmann::ordered_json power = nlohmann::ordered_json::object();
  for (const auto& [pool, watts] : r.power_w) power[pool] = watts;
  j["power_w"] = power;
  j["energy_j"] = r.energy_j;
  j["energy_j_per_request"] = r.energy_j_per_request;
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
  if (r.has_fanout) {
    j["fanout"] = {{"items_per_request", r.items_per_request},
                   {"item_throughput_rps", r.item_throughput_rps},
                   {"item_latency_ms",
                    {{"mean", r.item_mean_ms.value},
                     {"p50", r.item_p50_ms.value},
                     {"p99", r.item_p99_ms.value}}}};
  }
  j["measured_requests"] = r.measured_requests;
  j["warmup_s"] = r.warmup_s;
  j["window_s"] = r.window_s;
  j["events"] = r.events;
  j["cost_basis"] = r.cost_usage;
  return j.dump();
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
  auto add = [&](const char* name, const Estimate& e) {
    result.metrics.push_back({name, e.value, e.ci95_halfwidth, "ms"});
  };
  result.metrics.push_back({"throughput_rps", r.throughput_rps, r.throughput_ci95_rps, "req/s"});
  result.metrics.push_back({"bound_rps", r.bound_rps, 0, "req/s"});
  result.metrics.push_back({"offered_rps", r.offered_rps, 0, "req/s"});
  add("latency_mean_ms", r.mean_ms);
  add("latency_p50_ms", r.p50_ms);
  add("latency_p90_ms", r.p90_ms);
  add("latency_p95_ms", r.p95_ms);
  add("latency_p99_ms", r.p99_ms);
  add("latency_p999_ms", r.p999_ms);
  result.metrics.push_back(
      {"measured_requests", static_cast<double>(r.measured_requests), 0, "count"});
  result.metrics.push_back({"warmup_s", r.warmup_s, 0, "s"});
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
    result.metrics.push_back({"items_per_request", r.items_per_request, 0, "count"});
    result.metrics.push_back({"item_throughput_rps", r.item_throughput_rps, 0, "items/s"});
    add("item_latency_p50_ms", r.item_p50_ms);
    add("item_latency_p99_ms", r.item_p99_ms);
  }
  result.metrics.push_back({"energy_j", r.energy_j, 0, "J"});
  result.metrics.push_back({"energy_j_per_request", r.energy_j_per_request, 0, "J"});
  result.histogram = histogram_rows("latency", r.latency_histogram);
  result.requests = r.requests;
  result.request_stages = r.request_stages;
  return result;
}

}  // namespace servesim::sim
