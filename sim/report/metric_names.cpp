// SPDX-License-Identifier: Apache-2.0
#include "sim/report/metric_names.hpp"

#include <charconv>
#include <cmath>
#include <regex>

namespace servesim::sim {

namespace metric {

std::string latency_ms(std::string_view statistic) {
  return "latency_ms." + std::string(statistic);
}

std::string item_latency_ms(std::string_view statistic) {
  return "fanout.item_latency_ms." + std::string(statistic);
}

std::string breakdown(std::string_view part, std::string_view field) {
  return "breakdown." + std::string(part) + "." + std::string(field);
}

std::string percentile_statistic(double percent) {
  if (!(percent > 0 && percent < 100)) return "";
  char text[32];
  // Two decimals at most, as the tools that report percentiles print them ("99.90").
  const auto end = std::to_chars(text, text + sizeof text, std::round(percent * 100) / 100).ptr;
  std::string digits = "p";
  for (const char* c = text; c != end; ++c) {
    if (*c != '.') digits += *c;
  }
  return digits;
}

}  // namespace metric

std::string current_metric_name(const std::string& stored) {
  // Names written before the shared vocabulary: [prefix]latency_<statistic>_ms, with percentile
  // digits split by '_' ("latency_p99_9_ms"), and the fan-out figures without their group.
  static const std::regex kOldLatency(R"(((?:[a-z]+_)*?)latency_(mean|min|max|p[0-9_]+)_ms)");
  if (stored == "items_per_request") return metric::kItemsPerRequest;
  if (stored == "item_throughput_rps") return metric::kItemThroughputRps;
  std::smatch match;
  if (!std::regex_match(stored, match, kOldLatency)) return stored;
  std::string statistic;
  for (char c : match[2].str()) {
    if (c != '_') statistic += c;
  }
  const std::string prefix = match[1].str();
  if (prefix == "item_") return metric::item_latency_ms(statistic);
  return prefix + "latency_ms." + statistic;
}

void put_metric(nlohmann::ordered_json& j, const std::string& name, nlohmann::ordered_json value) {
  nlohmann::ordered_json* node = &j;
  std::size_t start = 0;
  for (std::size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', start)) {
    nlohmann::ordered_json& next = (*node)[name.substr(start, dot - start)];
    if (!next.is_object()) next = nlohmann::ordered_json::object();
    node = &next;
    start = dot + 1;
  }
  (*node)[name.substr(start)] = std::move(value);
}

nlohmann::ordered_json run_metrics_json(const RunResult& run) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const MetricValue& m : run.metrics) put_metric(j, m.name, m.value);
  nlohmann::ordered_json breakdown = nlohmann::ordered_json::object();
  for (const BreakdownValue& b : run.breakdown) {
    breakdown[b.category] = {{"mean_ms", b.mean_ms}, {"share", b.share}};
  }
  j["breakdown"] = breakdown;
  nlohmann::ordered_json utilization = nlohmann::ordered_json::object();
  for (const ResourceUsage& r : run.resources) utilization[r.resource] = r.utilization;
  j["utilization"] = utilization;
  return j;
}

}  // namespace servesim::sim
