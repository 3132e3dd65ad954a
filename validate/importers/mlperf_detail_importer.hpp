// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"

#include <string>

namespace servesim::validate {

/// Imports an MLPerf LoadGen mlperf_log_detail.txt (one `:::MLLOG {json}` record per line,
/// docs/measured-formats.md §1.4) as one run tagged with its effective scenario: the result_*
/// records become the same metrics import_mlperf_summary gives, plus query counts and the number of
/// LoadGen errors and warnings; effective_* settings go to config_json. Throws ImportError naming
/// the file and line of a malformed record, or the file if a required record is missing.
sim::RunResult import_mlperf_detail(const std::string& path);

}  // namespace servesim::validate
