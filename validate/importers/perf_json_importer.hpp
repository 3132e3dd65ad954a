// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"

#include <string>
#include <vector>

namespace servesim::validate {

/// Imports a perf_analyzer profile export (`--profile-export-file`, docs/measured-formats.md §1.2):
/// one run per experiment (load point), tagged "concurrency=N" or "request_rate=R". Every request
/// that got a response becomes a RequestRecord (request_id in send order, sent_ns/done_ns relative
/// to the experiment's first request, done = its last response), and the latency metrics, histogram
/// and throughput are computed from them (see validate/importers/README.md for the rules).
/// Throws ImportError naming the file, line:column and JSON path of the problem.
std::vector<sim::RunResult> import_perf_json(const std::string& path);

}  // namespace servesim::validate
