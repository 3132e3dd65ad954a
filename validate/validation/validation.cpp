// SPDX-License-Identifier: Apache-2.0
#include "validate/validation/validation.hpp"

#include "sim/report/metric_names.hpp"
#include "sim/stats/student_t.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace servesim::validate {
namespace {

struct MetricSpec {
  std::string name;  // the vocabulary's, in the metrics table and the report alike
  std::optional<double> target;
};
// The design's agreement targets (docs/design.md "What counts as right").
const MetricSpec kMetrics[] = {
    {sim::metric::kThroughputRps, 0.03},    {sim::metric::latency_ms("mean"), std::nullopt},
    {sim::metric::latency_ms("p50"), 0.05}, {sim::metric::latency_ms("p90"), std::nullopt},
    {sim::metric::latency_ms("p99"), 0.10},
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
  measured_ci95_rel REAL,           -- the measured value's 95% interval / value, NULL if unknown
  predicted_ci95_rel REAL,          -- over the prediction's replications, NULL for one
  beyond_noise INTEGER,             -- a miss by more than both intervals; NULL without target
  PRIMARY KEY(measured_run_id, predicted_run_id, metric));
CREATE TABLE IF NOT EXISTS validation_replications(
  measured_run_id INTEGER NOT NULL REFERENCES runs(run_id),
  predicted_run_id INTEGER NOT NULL REFERENCES runs(run_id),  -- validations.predicted_run_id
  replication INTEGER NOT NULL,                               -- 0 is predicted_run_id itself
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  PRIMARY KEY(measured_run_id, predicted_run_id, replication));
)sql";

// Columns added to validations after its first release: a database written before them gets
// them on its next write, NULL in its older rows.
const char* const kLaterValidationColumns[][2] = {
    {"measured_ci95_rel", "REAL"}, {"predicted_ci95_rel", "REAL"}, {"beyond_noise", "INTEGER"}};

void create_validation_tables(sim::SqliteDb& db) {
  db.exec(kValidationSchema);
  const std::vector<std::string> present = db.column_names("validations");
  for (const auto& [column, type] : kLaterValidationColumns) {
    if (std::find(present.begin(), present.end(), column) == present.end()) {
      db.exec(std::string("ALTER TABLE validations ADD COLUMN ") + column + " " + type);
    }
  }
}

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

// The measured value's interval: the run's own (batch means) where it stored one; for a
// quantile, else the stored requests' order statistics. Not an open-loop run's throughput: most
// of its spread is the arrivals', and every prediction replays the run's own arrivals.
std::optional<double> measured_interval(const StoredRun& measured, const std::string& name,
                                        double value) {
  if (name == sim::metric::kThroughputRps &&
      measured.metric(sim::metric::kOfferedRps).value_or(0) > 0) {
    return std::nullopt;
  }
  const auto it = measured.metric_ci95.find(name);
  if (it != measured.metric_ci95.end() && it->second > 0 && value > 0) return it->second / value;
  if (name == sim::metric::latency_ms("p50")) {
    return quantile_ci_rel(measured.request_latencies_ms, 0.50);
  }
  if (name == sim::metric::latency_ms("p99")) {
    return quantile_ci_rel(measured.request_latencies_ms, 0.99);
  }
  return std::nullopt;
}

}  // namespace

double MetricCheck::noise_rel() const {
  const double m = measured_ci95_rel.value_or(0);
  const double p = predicted_ci95_rel.value_or(0);
  return std::sqrt(m * m + p * p);
}

bool MetricCheck::miss_beyond_noise() const {
  return !pass() && std::abs(rel_error) - *target > noise_rel();
}

bool MetricCheck::decidable() const {
  return !target || !measured_ci95_rel || *measured_ci95_rel <= *target;
}

bool Validation::all_pass() const {
  return std::all_of(checks.begin(), checks.end(), [](const MetricCheck& c) { return c.pass(); });
}

bool Validation::no_miss_beyond_noise() const {
  return std::none_of(checks.begin(), checks.end(),
                      [](const MetricCheck& c) { return c.miss_beyond_noise(); });
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
    c.measured_ci95_rel = first.measured_ci95_rel;
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
    const auto m = measured.metric(spec.name);
    const auto p = std::find_if(predicted.metrics.begin(), predicted.metrics.end(),
                                [&](const sim::MetricValue& x) { return x.name == spec.name; });
    if (!m || p == predicted.metrics.end()) continue;
    MetricCheck c = check(spec.name, p->value, *m, spec.target);
    c.measured_ci95_rel = measured_interval(measured, spec.name, *m);
    v.checks.push_back(std::move(c));
  }
  for (const sim::BreakdownValue& b : predicted.breakdown) {
    auto it = measured.breakdown_ms.find(b.category);
    if (it == measured.breakdown_ms.end()) continue;
    if (it->second <= 0 && b.mean_ms <= 0) continue;  // neither has the category
    v.checks.push_back(
        check(sim::metric::breakdown(b.category, "mean_ms"), b.mean_ms, it->second, {}));
    const auto share = measured.breakdown_share.find(b.category);
    if (share != measured.breakdown_share.end()) {
      v.checks.push_back(
          check(sim::metric::breakdown(b.category, "share"), b.share, share->second, {}));
    }
  }
  return v;
}

std::string validation_json(const Validation& v, std::int64_t measured_run_id,
                            std::int64_t predicted_run_id, const std::string& scenario_json) {
  nlohmann::ordered_json j;
  j["scenario"] = nlohmann::ordered_json::parse(scenario_json);
  j["measured_run_id"] = measured_run_id;
  j["predicted_run_id"] = predicted_run_id;
  // Each compared figure sits where simulate's JSON has it, as {predicted, measured, ...}.
  j["breakdown"] = nlohmann::ordered_json::object();
  for (const MetricCheck& c : v.checks) {
    nlohmann::ordered_json row = {
        {"predicted", c.predicted}, {"measured", c.measured}, {"rel_error", c.rel_error}};
    if (c.predicted_ci95_rel) row["predicted_ci95_rel"] = *c.predicted_ci95_rel;
    if (c.measured_ci95_rel) row["measured_ci95_rel"] = *c.measured_ci95_rel;
    if (c.target) {
      row["target"] = *c.target;
      row["pass"] = c.pass();
      row["beyond_noise"] = c.miss_beyond_noise();
      if (c.measured_ci95_rel) row["decidable"] = c.decidable();
    }
    sim::put_metric(j, c.metric, std::move(row));
  }
  j["replications"] = v.replications;
  j["pass"] = v.all_pass();
  j["no_miss_beyond_noise"] = v.no_miss_beyond_noise();
  return j.dump();
}

std::string validation_table(const Validation& v) {
  std::ostringstream out;
  char line[240];
  const bool spread = v.replications > 1;
  std::snprintf(line, sizeof line, "  %-34s %12s %12s %9s %9s %11s%s\n", "metric", "predicted",
                "measured", "error", "target", "measured CI", spread ? "  predicted CI" : "");
  out << line;
  auto percent = [](const std::optional<double>& rel) {
    if (!rel) return std::string();
    char text[32];
    std::snprintf(text, sizeof text, "+-%.1f%%", 100 * *rel);
    return std::string(text);
  };
  bool noise_note = false;
  std::vector<const MetricCheck*> undecided;
  for (const MetricCheck& c : v.checks) {
    // Shares repeat the mean_ms rows as fractions: JSON and table validations keep them.
    if (c.metric.size() > 6 && c.metric.compare(c.metric.size() - 6, 6, ".share") == 0) continue;
    std::string target;
    if (c.target) {
      // MISS: beyond the runs' own noise; miss*: inside it.
      const char* verdict = c.pass() ? "ok" : c.miss_beyond_noise() ? "MISS" : "miss*";
      target = std::to_string(static_cast<int>(std::lround(*c.target * 100))) + "% " + verdict;
      noise_note = noise_note || (!c.pass() && !c.miss_beyond_noise());
      if (!c.decidable()) undecided.push_back(&c);
    }
    std::snprintf(line, sizeof line, "  %-34s %12.3f %12.3f %+8.1f%% %9s %11s%s%s\n",
                  c.metric.c_str(), c.predicted, c.measured, 100 * c.rel_error, target.c_str(),
                  percent(c.measured_ci95_rel).c_str(), spread ? "  " : "",
                  spread ? percent(c.predicted_ci95_rel).c_str() : "");
    out << line;
  }
  out << "  CI: 95% interval, as a fraction of the value (measured: batch means over the run)\n";
  if (spread) {
    std::snprintf(line, sizeof line,
                  "  predicted: mean of %d replications (same workload, other service-time "
                  "draws)\n",
                  v.replications);
    out << line;
  }
  if (noise_note) {
    out << "  miss*: beyond the target by less than the two intervals together (root sum of "
           "squares): the runs' own noise can explain it\n";
  }
  for (const MetricCheck* c : undecided) {
    std::snprintf(line, sizeof line,
                  "  %s: the measurement's interval (+-%.1f%%) is wider than the target (%.0f%%); "
                  "a longer run is needed to judge it\n",
                  c->metric.c_str(), 100 * *c->measured_ci95_rel, 100 * *c->target);
    out << line;
  }
  return out.str();
}

void store_validation(sim::SqliteDb& db, const Validation& v, std::int64_t measured_run_id,
                      std::int64_t predicted_run_id) {
  create_validation_tables(db);
  db.exec("BEGIN");
  try {
    auto insert = db.prepare(
        "INSERT OR REPLACE INTO validations (measured_run_id, predicted_run_id, metric, predicted, "
        "measured, rel_error, target, pass, measured_ci95_rel, predicted_ci95_rel, beyond_noise) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    auto bind_optional = [&insert](int index, const std::optional<double>& value) {
      if (value) {
        insert.bind(index, *value);
      } else {
        insert.bind_null(index);
      }
    };
    for (const MetricCheck& c : v.checks) {
      insert.bind(1, measured_run_id).bind(2, predicted_run_id).bind(3, c.metric);
      insert.bind(4, c.predicted).bind(5, c.measured).bind(6, c.rel_error);
      bind_optional(7, c.target);
      insert.bind(8, static_cast<std::int64_t>(c.pass() ? 1 : 0));
      bind_optional(9, c.measured_ci95_rel);
      bind_optional(10, c.predicted_ci95_rel);
      if (c.target) {
        insert.bind(11, static_cast<std::int64_t>(c.miss_beyond_noise() ? 1 : 0));
      } else {
        insert.bind_null(11);
      }
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
  create_validation_tables(db);
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

}  // namespace servesim::validate
