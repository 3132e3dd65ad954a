// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/mlperf_fields.hpp"

#include "sim/report/metric_names.hpp"

#include "validate/importers/imported_run.hpp"
#include "validate/importers/text_source.hpp"
#include <cmath>

namespace servesim::validate {

bool is_mlperf_scenario(std::string_view scenario) {
  return scenario == "SingleStream" || scenario == "MultiStream" || scenario == "Server" ||
         scenario == "Offline";
}

std::string mlperf_percentile_metric(std::string_view percent, const std::string& prefix) {
  const auto value = to_number(percent);
  if (!value || *value <= 0 || *value >= 100) return "";
  return prefix + "ms." + sim::metric::percentile_statistic(*value);
}

void set_mlperf_throughput(sim::RunResult& run, const std::string& scenario) {
  const char* source = nullptr;
  if (scenario == "Server") {
    source = find_metric(run, "throughput_completed_rps") ? "throughput_completed_rps"
                                                          : "throughput_scheduled_rps";
  } else if (scenario == "Offline") {
    source = "samples_per_s";
  } else if (scenario == "SingleStream") {
    source = "throughput_with_loadgen_overhead_rps";
  }
  if (source == nullptr) return;
  if (const sim::MetricValue* m = find_metric(run, source)) {
    add_metric(run, "throughput_rps", m->value, "req/s");
  }
}

}  // namespace servesim::validate
