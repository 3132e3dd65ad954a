// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/backends/progress_display.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace servesim::calib {

/// What `--backend broker` was asked for.
struct BrokerBackendRequest {
  std::string db_path;
  std::string device = "local";
  std::string table_name;         ///< empty: "<device>-brokers-measured"
  std::string source;             ///< the command line, for provenance
  std::vector<std::string> urls;  ///< running brokers; empty starts redis-server and nats-server
  bool quick = false;
  bool resume = false;
};

/// Probes real brokers (calib/brokers): each URL given, or a Redis and a NATS server started on
/// 127.0.0.1 and stopped afterwards. Each point is committed as measured; fits by message bytes
/// follow. Prints a summary table to `out`. Throws std::invalid_argument for a malformed URL and
/// std::runtime_error for an unreachable broker (before anything is written) or a failing probe.
void run_broker_backend(const BrokerBackendRequest& request, ProgressDisplay& progress,
                        std::ostream& out);

}  // namespace servesim::calib
