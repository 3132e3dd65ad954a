// SPDX-License-Identifier: Apache-2.0
#include "sim/store/results_store.hpp"

#include "sim/util/utc_time.hpp"

#include "servesim/build_info.hpp"
#include <filesystem>
#include <unistd.h>

namespace servesim::sim {
namespace {
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS schema_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO schema_info VALUES ('results_schema_version', '1');
CREATE TABLE IF NOT EXISTS runs(
  run_id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  command TEXT NOT NULL,
  tag TEXT NOT NULL,
  config_json TEXT NOT NULL,
  seed INTEGER NOT NULL,
  cost_source TEXT NOT NULL,
  servesim_version TEXT NOT NULL,
  git_sha TEXT NOT NULL,
  started_utc TEXT NOT NULL,
  wall_time_s REAL NOT NULL);
CREATE TABLE IF NOT EXISTS metrics(
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  name TEXT NOT NULL,
  value REAL NOT NULL,
  ci95_halfwidth REAL NOT NULL,
  unit TEXT NOT NULL,
  PRIMARY KEY(run_id, name));
CREATE TABLE IF NOT EXISTS resources(
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  resource TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  utilization REAL NOT NULL,
  mean_queue_length REAL NOT NULL,
  energy_j REAL NOT NULL,
  mean_power_w REAL NOT NULL,
  PRIMARY KEY(run_id, resource));
CREATE TABLE IF NOT EXISTS breakdown(
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  category TEXT NOT NULL,
  mean_ms REAL NOT NULL,
  share REAL NOT NULL,
  PRIMARY KEY(run_id, category));
CREATE TABLE IF NOT EXISTS histograms(
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  series TEXT NOT NULL,
  lower_ns INTEGER NOT NULL,
  width_ns INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY(run_id, series, lower_ns));
-- Per-request records, the same shape for simulated and measured runs.
CREATE TABLE IF NOT EXISTS requests(
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  request_id INTEGER NOT NULL,
  parent_id INTEGER,               -- set for the children of a fan-out (multi-DNN pipelines)
  image_class TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  jpeg_bytes INTEGER NOT NULL,
  sent_ns INTEGER NOT NULL,        -- client send time, from the start of the run
  done_ns INTEGER NOT NULL,        -- client receive time
  PRIMARY KEY(run_id, request_id));
CREATE TABLE IF NOT EXISTS request_stages(
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  request_id INTEGER NOT NULL,
  stage TEXT NOT NULL,             -- stage name from the topology
  category TEXT NOT NULL,          -- network | queueing | preprocessing | data_transfer |
                                   -- inference | postprocessing | broker
  enter_ns INTEGER NOT NULL,       -- arrived at the stage (queueing = start - enter)
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  batch_size INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY(run_id, request_id, stage));
)sql";

}  // namespace

ResultsStore ResultsStore::open(const std::string& path) {
  SqliteDb db = SqliteDb::open(path);
  db.exec(kSchema);
  return ResultsStore(std::move(db));
}

void ResultsStore::check_writable(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::exists(path, error)) {
    open(path);
    return;
  }
  const fs::path parent = fs::absolute(fs::path(path), error).parent_path();
  if (!fs::is_directory(parent, error) || ::access(parent.c_str(), W_OK) != 0) {
    throw StoreError("database '" + path + "': cannot create it (directory '" + parent.string() +
                     "' does not exist or is not writable); choose another --db");
  }
}

std::int64_t ResultsStore::write(const RunResult& result) {
  SqliteDb::Transaction transaction(db_);
  const RunProvenance& p = result.provenance;
  db_.prepare(
         "INSERT INTO runs(kind, command, tag, config_json, seed, cost_source, servesim_version, "
         "git_sha, started_utc, wall_time_s) VALUES (?,?,?,?,?,?,?,?,?,?)")
      .bind(1, p.kind)
      .bind(2, p.command)
      .bind(3, p.tag)
      .bind(4, p.config_json)
      .bind(5, static_cast<std::int64_t>(p.seed))
      .bind(6, p.cost_source)
      .bind(7, std::string_view(kVersion))
      .bind(8, std::string_view(kGitSha))
      .bind(9, utc_now_iso8601())
      .bind(10, result.wall_time_s)
      .execute();
  const std::int64_t run_id = db_.last_insert_rowid();

  auto metric = db_.prepare("INSERT INTO metrics VALUES (?,?,?,?,?)");
  for (const MetricValue& m : result.metrics) {
    metric.bind(1, run_id)
        .bind(2, m.name)
        .bind(3, m.value)
        .bind(4, m.ci95_halfwidth)
        .bind(5, m.unit);
    metric.execute();
  }
  auto resource = db_.prepare("INSERT INTO resources VALUES (?,?,?,?,?,?,?)");
  for (const ResourceUsage& r : result.resources) {
    resource.bind(1, run_id)
        .bind(2, r.resource)
        .bind(3, static_cast<std::int64_t>(r.capacity))
        .bind(4, r.utilization)
        .bind(5, r.mean_queue_length)
        .bind(6, r.energy_j)
        .bind(7, r.mean_power_w);
    resource.execute();
  }
  auto breakdown = db_.prepare("INSERT INTO breakdown VALUES (?,?,?,?)");
  for (const BreakdownValue& b : result.breakdown) {
    breakdown.bind(1, run_id).bind(2, b.category).bind(3, b.mean_ms).bind(4, b.share);
    breakdown.execute();
  }
  auto bucket = db_.prepare("INSERT INTO histograms VALUES (?,?,?,?,?)");
  for (const HistogramBucket& h : result.histogram) {
    bucket.bind(1, run_id)
        .bind(2, h.series)
        .bind(3, h.lower_ns)
        .bind(4, h.width_ns)
        .bind(5, static_cast<std::int64_t>(h.count));
    bucket.execute();
  }
  auto request = db_.prepare("INSERT INTO requests VALUES (?,?,?,?,?,?,?,?,?)");
  for (const RequestRecord& q : result.requests) {
    request.bind(1, run_id).bind(2, q.request_id);
    if (q.parent_id >= 0) {
      request.bind(3, q.parent_id);
    } else {
      request.bind_null(3);
    }
    request.bind(4, q.image_class)
        .bind(5, static_cast<std::int64_t>(q.width))
        .bind(6, static_cast<std::int64_t>(q.height))
        .bind(7, q.jpeg_bytes)
        .bind(8, q.sent_ns)
        .bind(9, q.done_ns);
    request.execute();
  }
  auto stage = db_.prepare("INSERT INTO request_stages VALUES (?,?,?,?,?,?,?,?)");
  for (const RequestStageRecord& s : result.request_stages) {
    stage.bind(1, run_id)
        .bind(2, s.request_id)
        .bind(3, s.stage)
        .bind(4, s.category)
        .bind(5, s.enter_ns)
        .bind(6, s.start_ns)
        .bind(7, s.end_ns)
        .bind(8, static_cast<std::int64_t>(s.batch_size));
    stage.execute();
  }
  transaction.commit();
  return run_id;
}

}  // namespace servesim::sim
