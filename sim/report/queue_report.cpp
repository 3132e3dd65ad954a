// SPDX-License-Identifier: Apache-2.0
#include "sim/report/queue_report.hpp"

#include "sim/store/histogram_rows.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace servesim::sim {

std::string queue_report_json(const QueueConfig& config, const QueueResult& r) {
  nlohmann::ordered_json j;
  j["queue"] = to_string(config.kind);
  j["servers"] = config.servers;
  j["rho"] = config.rho;
  j["seed"] = config.seed;
  j["customers"] = r.customers_measured;
  j["warmup_customers"] = config.warmup_customers;
  j["mean_wait_ms"] = r.mean_wait_ms.value;
  j["ci95_halfwidth_ms"] = r.mean_wait_ms.ci95_halfwidth;
  j["analytic_mean_wait_ms"] = r.analytic_mean_wait_ms;
  j["rel_error"] = (r.mean_wait_ms.value - r.analytic_mean_wait_ms) / r.analytic_mean_wait_ms;
  j["mean_sojourn_ms"] = r.mean_sojourn_ms.value;
  j["mean_sojourn_ci95_halfwidth_ms"] = r.mean_sojourn_ms.ci95_halfwidth;
  j["p50_sojourn_ms"] = r.p50_sojourn_ms.value;
  j["p99_sojourn_ms"] = r.p99_sojourn_ms.value;
  j["p99_sojourn_ci95_halfwidth_ms"] = r.p99_sojourn_ms.ci95_halfwidth;
  j["utilization"] = r.utilization;
  j["mean_in_system"] = r.mean_in_system;
  j["little_lambda_w"] = r.arrival_rate_times_sojourn;
  j["batches"] = r.mean_wait_ms.batches;
  j["events"] = r.events;
  j["simulated_s"] = r.simulated_s;
  return j.dump(2);
}

std::string queue_report_table(const QueueConfig& config, const QueueResult& r) {
  std::ostringstream out;
  char line[160];
  out << to_string(config.kind) << " queue, " << config.servers << " server(s), rho " << config.rho
      << ", seed " << config.seed << ": " << r.customers_measured << " customers measured after "
      << config.warmup_customers << " warm-up\n";
  auto row = [&](const char* name, double value, double halfwidth, const char* note) {
    std::snprintf(line, sizeof line, "  %-22s %12.4f  +/- %-10.4f %s\n", name, value, halfwidth,
                  note);
    out << line;
  };
  row("mean wait (ms)", r.mean_wait_ms.value, r.mean_wait_ms.ci95_halfwidth, "95% CI, batch means");
  std::snprintf(line, sizeof line, "  %-22s %12.4f  (simulated is %+.2f%%)\n", "closed form (ms)",
                r.analytic_mean_wait_ms,
                100 * (r.mean_wait_ms.value - r.analytic_mean_wait_ms) / r.analytic_mean_wait_ms);
  out << line;
  row("mean sojourn (ms)", r.mean_sojourn_ms.value, r.mean_sojourn_ms.ci95_halfwidth, "");
  row("p50 sojourn (ms)", r.p50_sojourn_ms.value, r.p50_sojourn_ms.ci95_halfwidth, "");
  row("p99 sojourn (ms)", r.p99_sojourn_ms.value, r.p99_sojourn_ms.ci95_halfwidth, "");
  std::snprintf(line, sizeof line, "  %-22s %12.4f\n  %-22s %12.4f vs lambda*W %.4f\n",
                "utilization", r.utilization, "L (time average)", r.mean_in_system,
                r.arrival_rate_times_sojourn);
  out << line;
  return out.str();
}

RunResult queue_run_result(const QueueConfig& config, const QueueResult& r) {
  RunResult result;
  result.provenance.command = "simulate --queue";
  result.provenance.tag = to_string(config.kind);
  result.provenance.config_json = config.to_json();
  result.provenance.seed = config.seed;
  auto add = [&](const char* name, const Estimate& e, const char* unit) {
    result.metrics.push_back({name, e.value, e.ci95_halfwidth, unit});
  };
  add("mean_wait_ms", r.mean_wait_ms, "ms");
  add("mean_sojourn_ms", r.mean_sojourn_ms, "ms");
  add("p50_sojourn_ms", r.p50_sojourn_ms, "ms");
  add("p99_sojourn_ms", r.p99_sojourn_ms, "ms");
  result.metrics.push_back({"analytic_mean_wait_ms", r.analytic_mean_wait_ms, 0, "ms"});
  result.metrics.push_back({"utilization", r.utilization, 0, "fraction"});
  result.metrics.push_back({"mean_in_system", r.mean_in_system, 0, "customers"});
  result.metrics.push_back({"little_lambda_w", r.arrival_rate_times_sojourn, 0, "customers"});
  result.metrics.push_back({"customers", static_cast<double>(r.customers_measured), 0, "count"});
  result.resources.push_back({"server", config.servers, r.utilization,
                              r.mean_in_system - r.utilization * config.servers, 0, 0});
  result.histogram = histogram_rows("sojourn", r.sojourn_histogram);
  return result;
}

}  // namespace servesim::sim
