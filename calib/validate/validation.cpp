// SPDX-License-Identifier: Apache-2.0
#include "calib/validate/validation.hpp"

#include "sim/stats/student_t.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace servesim::calib {
namespace {

struct MetricSpec {
  const char* stored;  // name in the metrics table
  const char* key;     // name in the report
  std::optional<double> target;
};
// The design's agreement targets (design.md "What right means").
const MetricSpec kMetrics[] = {
    {"throughput_rps", "throughput_rps", 0.03}, {"latency_mean_ms", "mean_ms", std::nullopt},
    {"latency_p50_ms", "p50_ms", 0.05},         {"latency_p90_ms", "p90_ms", std::nullopt},
    {"latency_p99_ms", "p99_ms", 0.10},
};

const char* kValidationSchema = R"sql(
CREATE TABLE IF NOT EXISTS validations(
  measured_run_id INTEGER NOT NULL REFERENCES runs(run_id),
  predicted_run_id INTEGER NOT NULL REFERENCES runs(run_id),
  metric TEXT NOT NULL,
  predicted REAL NOT NULL,
  measured REAL NOT NULL,
  rel_error REAL NOT NULL,          -- (predicted - measured) / measured
  target REAL,                      -- allowed |rel_error|, NULL when the metric has none
  pass INTEGER NOT NULL,
  PRIMARY KEY(measured_run_id, predicted_run_id, metric));
CREATE TABLE IF NOT EXISTS validation_replications(
  measured_run_id INTEGER NOT NULL REFERENCES runs(run_id),
  predicted_run_id INTEGER NOT NULL REFERENCES runs(run_id),  -- validations.predicted_run_id
  replication INTEGER NOT NULL,                               -- 0 is predicted_run_id itself
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  PRIMARY KEY(measured_run_id, predicted_run_id, replication));
)sql";

MetricCheck check(const std::string& metric, double predicted, double measured,
                  std::optional<double> target) {
  MetricCheck c;
  c.metric = metric;
  c.predicted = predicted;
  c.measured = measured;
  c.rel_error = measured != 0 ? (predicted - measured) / measured : 0.0;
  c.target = target;
  return c;
}

}  // namespace

bool Validation::all_pass() const {
  return std::all_of(checks.begin(), checks.end(), [](const MetricCheck& c) { return c.pass(); });
}

const MetricCheck* Validation::find(const std::string& metric) const {
  for (const MetricCheck& c : checks) {
    if (c.metric == metric) return &c;
  }
  return nullptr;
}

Validation combine_replications(const std::vector<Validation>& replications) {
  if (replications.empty()) throw std::invalid_argument("combine_replications: no replications");
  Validation v;
  v.measured_p99_ci_rel = replications.front().measured_p99_ci_rel;
  v.replications = static_cast<int>(replications.size());
  for (const MetricCheck& first : replications.front().checks) {
    std::vector<double> values;
    for (const Validation& r : replications) {
      if (const MetricCheck* c = r.find(first.metric)) values.push_back(c->predicted);
    }
    if (values.size() != replications.size()) continue;
    double mean = 0;
    for (double x : values) mean += x;
    const auto n = static_cast<double>(values.size());
    mean /= n;
    MetricCheck c = check(first.metric, mean, first.measured, first.target);
    if (values.size() >= 2 && mean != 0) {
      c.predicted_ci95_rel = sim::mean_ci95_halfwidth(values) / std::abs(mean);
    }
    v.checks.push_back(std::move(c));
  }
  return v;
}

std::optional<double> quantile_ci_rel(const std::vector<double>& sorted, double q) {
  const double n = static_cast<double>(sorted.size());
  if (sorted.size() < 100) return std::nullopt;
  const double half = 1.96 * std::sqrt(n * q * (1 - q));
  auto at = [&](double rank) {
    const auto i = static_cast<std::size_t>(std::clamp(rank, 0.0, n - 1));
    return sorted[i];
  };
  const double estimate = at(std::ceil(n * q) - 1);
  if (estimate <= 0) return std::nullopt;
  return (at(std::ceil(n * q + half) - 1) - at(std::floor(n * q - half) - 1)) / 2 / estimate;
}

Validation compare_runs(const sim::RunResult& predicted, const StoredRun& measured) {
  Validation v;
  for (const MetricSpec& spec : kMetrics) {
    const auto m = measured.metric(spec.stored);
    const auto p = std::find_if(predicted.metrics.begin(), predicted.metrics.end(),
                                [&](const sim::MetricValue& x) { return x.name == spec.stored; });
    if (!m || p == predicted.metrics.end()) continue;
    v.checks.push_back(check(spec.key, p->value, *m, spec.target));
  }
  for (const sim::BreakdownValue& b : predicted.breakdown) {
    auto it = measured.breakdown_ms.find(b.category);
    if (it == measured.breakdown_ms.end()) continue;
    if (it->second <= 0 && b.mean_ms <= 0) continue;  // neither has the category
    v.checks.push_back(check("breakdown." + b.category + "_ms", b.mean_ms, it->second, {}));
  }
  v.measured_p99_ci_rel = quantile_ci_rel(measured.request_latencies_ms, 0.99);
  return v;
}

std::string validation_json(const Validation& v, std::int64_t measured_run_id,
                            std::int64_t predicted_run_id, const std::string& scenario_json) {
  nlohmann::ordered_json j;
  j["scenario"] = nlohmann::ordered_json::parse(scenario_json);
  j["measured_run_id"] = measured_run_id;
  j["predicted_run_id"] = predicted_run_id;
  nlohmann::ordered_json breakdown = nlohmann::ordered_json::object();
  for (const MetricCheck& c : v.checks) {
    nlohmann::ordered_json row = {
        {"predicted", c.predicted}, {"measured", c.measured}, {"rel_error", c.rel_error}};
    if (c.predicted_ci95_rel) row["predicted_ci95_rel"] = *c.predicted_ci95_rel;
    if (c.target) {
      row["target"] = *c.target;
      row["pass"] = c.pass();
    }
    if (c.metric.rfind("breakdown.", 0) == 0) {
      std::string category = c.metric.substr(10);  // breakdown.<category>_ms
      category.resize(category.size() - 3);
      breakdown[category] = row;
    } else {
      j[c.metric] = row;
    }
  }
  j["breakdown"] = breakdown;
  if (v.measured_p99_ci_rel) j["measured_p99_ci95_rel"] = *v.measured_p99_ci_rel;
  j["replications"] = v.replications;
  j["pass"] = v.all_pass();
  return j.dump();
}

std::string validation_table(const Validation& v) {
  std::ostringstream out;
  char line[200];
  const bool spread = v.replications > 1;
  std::snprintf(line, sizeof line, "  %-28s %12s %12s %9s %7s%s\n", "metric", "predicted",
                "measured", "error", "target", spread ? "   predicted 95% CI" : "");
  out << line;
  for (const MetricCheck& c : v.checks) {
    std::string target = c.target ? std::to_string(static_cast<int>(std::lround(*c.target * 100))) +
                                        "% " + (c.pass() ? "ok" : "MISS")
                                  : "";
    std::string ci;
    if (c.predicted_ci95_rel) {
      char text[32];
      std::snprintf(text, sizeof text, "   +-%.1f%%", 100 * *c.predicted_ci95_rel);
      ci = text;
    }
    std::snprintf(line, sizeof line, "  %-28s %12.3f %12.3f %+8.1f%% %7s%s\n", c.metric.c_str(),
                  c.predicted, c.measured, 100 * c.rel_error, target.c_str(), ci.c_str());
    out << line;
  }
  if (spread) {
    std::snprintf(line, sizeof line,
                  "  predicted: mean of %d replications (same workload, other service-time "
                  "draws)\n",
                  v.replications);
    out << line;
  }
  if (v.measured_p99_ci_rel) {
    std::snprintf(line, sizeof line, "  measured p99 95%% CI: +-%.1f%%\n",
                  100 * *v.measured_p99_ci_rel);
    out << line;
  }
  return out.str();
}

void store_validation(sim::SqliteDb& db, const Validation& v, std::int64_t measured_run_id,
                      std::int64_t predicted_run_id) {
  db.exec(kValidationSchema);
  db.exec("BEGIN");
  try {
    auto insert = db.prepare("INSERT OR REPLACE INTO validations VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const MetricCheck& c : v.checks) {
      insert.bind(1, measured_run_id).bind(2, predicted_run_id).bind(3, c.metric);
      insert.bind(4, c.predicted).bind(5, c.measured).bind(6, c.rel_error);
      if (c.target) {
        insert.bind(7, *c.target);
      } else {
        insert.bind_null(7);
      }
      insert.bind(8, static_cast<std::int64_t>(c.pass() ? 1 : 0));
      insert.execute();
    }
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

void store_replications(sim::SqliteDb& db, std::int64_t measured_run_id,
                        const std::vector<std::int64_t>& run_ids) {
  if (run_ids.empty()) return;
  db.exec(kValidationSchema);
  db.exec("BEGIN");
  try {
    auto insert = db.prepare("INSERT OR REPLACE INTO validation_replications VALUES (?, ?, ?, ?)");
    for (std::size_t k = 0; k < run_ids.size(); ++k) {
      insert.bind(1, measured_run_id).bind(2, run_ids.front());
      insert.bind(3, static_cast<std::int64_t>(k)).bind(4, run_ids[k]);
      insert.execute();
    }
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

}  // namespace servesim::calib
