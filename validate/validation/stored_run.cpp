// SPDX-License-Identifier: Apache-2.0
#include "validate/validation/stored_run.hpp"

#include "sim/report/metric_names.hpp"

#include <stdexcept>

namespace servesim::validate {

std::optional<double> StoredRun::metric(const std::string& name) const {
  auto it = metrics.find(name);
  if (it == metrics.end()) return std::nullopt;
  return it->second;
}

StoredRun read_stored_run(sim::SqliteDb& db, const std::string& db_path, std::int64_t run_id) {
  StoredRun run;
  run.run_id = run_id;
  auto head = db.prepare("SELECT kind, command, tag, config_json FROM runs WHERE run_id = ?");
  head.bind(1, run_id);
  if (!head.step()) {
    throw std::runtime_error(db_path + ": no run " + std::to_string(run_id) +
                             " (list runs with: servesim export --db " + db_path + ")");
  }
  run.kind = head.column_text(0);
  run.command = head.column_text(1);
  run.tag = head.column_text(2);
  run.config_json = head.column_text(3);
  auto metrics = db.prepare("SELECT name, value, ci95_halfwidth FROM metrics WHERE run_id = ?");
  metrics.bind(1, run_id);
  while (metrics.step()) {
    // A database written before the shared vocabulary has latency_p99_ms for latency_ms.p99.
    const std::string name = sim::current_metric_name(metrics.column_text(0));
    run.metrics[name] = metrics.column_double(1);
    run.metric_ci95[name] = metrics.column_double(2);
  }
  auto breakdown = db.prepare("SELECT category, mean_ms, share FROM breakdown WHERE run_id = ?");
  breakdown.bind(1, run_id);
  while (breakdown.step()) {
    run.breakdown_ms[breakdown.column_text(0)] = breakdown.column_double(1);
    run.breakdown_share[breakdown.column_text(0)] = breakdown.column_double(2);
  }
  // The measured window only: requests sent after the warm-up (all are stored).
  const double warmup_s = run.metric(sim::metric::kWarmupS).value_or(0.0);
  auto requests = db.prepare(
      "SELECT done_ns - sent_ns FROM requests WHERE run_id = ? AND "
      "(parent_id IS NULL OR parent_id < 0) AND sent_ns >= ? ORDER BY 1");
  requests.bind(1, run_id);
  requests.bind(2, static_cast<std::int64_t>(warmup_s * 1e9));
  while (requests.step()) {
    run.request_latencies_ms.push_back(static_cast<double>(requests.column_int(0)) * 1e-6);
  }
  return run;
}

std::vector<sim::RequestStageRecord> read_request_stages(sim::SqliteDb& db, std::int64_t run_id) {
  auto rows = db.prepare(
      "SELECT request_id, stage, category, enter_ns, start_ns, end_ns, batch_size "
      "FROM request_stages WHERE run_id = ? ORDER BY request_id, enter_ns, start_ns");
  rows.bind(1, run_id);
  std::vector<sim::RequestStageRecord> out;
  while (rows.step()) {
    out.push_back({rows.column_int(0), rows.column_text(1), rows.column_text(2), rows.column_int(3),
                   rows.column_int(4), rows.column_int(5), static_cast<int>(rows.column_int(6))});
  }
  return out;
}

}  // namespace servesim::validate
