// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"

#include <string>
#include <vector>

namespace servesim::validate {

/// Imports a perf_analyzer CSV (`perf_analyzer -f file.csv`, docs/measured-formats.md §1.1): one
/// run per row (load point), tagged "concurrency=N" or "request_rate=R", in file order. The file's
/// time columns are integer microseconds; every *_ms metric is converted to milliseconds. Every
/// header must be a known perf_analyzer column (a typo is an error, not a silently missing metric).
/// Throws ImportError naming the file, line and problem.
std::vector<sim::RunResult> import_perf_csv(const std::string& path);

}  // namespace servesim::validate
