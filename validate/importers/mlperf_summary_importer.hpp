// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"

#include <string>

namespace servesim::validate {

/// Imports an MLPerf LoadGen mlperf_log_summary.txt (docs/measured-formats.md §1.4) as one run
/// tagged with its scenario: throughput, latency min/mean/max and percentiles (ns in the file, ms
/// here), result validity and the constraint flags as 1/0 metrics; the test parameters go to
/// config_json. Throws ImportError naming the file and line of a malformed value, or the file if
/// the scenario, result or mean latency line is missing.
sim::RunResult import_mlperf_summary(const std::string& path);

}  // namespace servesim::validate
