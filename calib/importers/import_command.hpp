// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace servesim::calib {

/// `servesim import --format perf-csv|perf-json|prometheus|mlperf-summary|mlperf-detail FILE
/// [--before FILE] [--interval-s S] [--tag T] [--db FILE] [--json]`: reads the whole file first,
/// then stores its runs (kind "imported") and prints their run ids and key metrics. Command-line
/// mistakes and malformed files throw sim::UsageError (one line, exit code 2) and write nothing.
int import_command(const std::vector<std::string>& args);

}  // namespace servesim::calib
