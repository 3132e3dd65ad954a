// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"
#include "sim/store/sqlite_db.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace servesim::validate {

/// A run read back from a results database: what validate compares a prediction with.
struct StoredRun {
  std::int64_t run_id = 0;
  std::string kind;  // simulated | measured | imported
  std::string command;
  std::string tag;
  std::string config_json;
  /// name -> value, names as the vocabulary has them (older databases' names are mapped on read)
  std::map<std::string, double> metrics;
  /// name -> the value's 95% half-width as stored (batch means over the run; 0 when unknown)
  std::map<std::string, double> metric_ci95;
  std::map<std::string, double> breakdown_ms;     // category -> mean ms per request
  std::map<std::string, double> breakdown_share;  // category -> share of the end-to-end time
  /// Client latencies (ms) of the stored per-request records sent after the warm-up (metric
  /// warmup_s), children excluded; may be empty.
  std::vector<double> request_latencies_ms;

  std::optional<double> metric(const std::string& name) const;
};

/// Throws std::runtime_error naming the file and the run when it is not there.
StoredRun read_stored_run(sim::SqliteDb& db, const std::string& db_path, std::int64_t run_id);

/// The run's per-request stage records (a testbed run's, or a simulation's kept ones); empty for
/// an imported run, which has none.
std::vector<sim::RequestStageRecord> read_request_stages(sim::SqliteDb& db, std::int64_t run_id);

}  // namespace servesim::validate
