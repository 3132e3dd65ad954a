// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"

#include <string>
#include <string_view>

namespace servesim::validate {

/// LoadGen's four scenarios: SingleStream, MultiStream, Server, Offline.
bool is_mlperf_scenario(std::string_view scenario);

/// "99.90" -> "latency_ms.p999", "50.00" -> "latency_ms.p50" (with the given prefix, e.g.
/// "latency_" or "sample_latency_"); "" when percent is not a number in (0, 100).
std::string mlperf_percentile_metric(std::string_view percent, const std::string& prefix);

/// Sets throughput_rps from the scenario's own throughput figure, both importers having stored
/// LoadGen's figures under the same names: Server -> throughput_completed_rps (or, in older logs,
/// throughput_scheduled_rps); Offline -> samples_per_s; SingleStream ->
/// throughput_with_loadgen_overhead_rps; MultiStream reports none (its unit is a query of
/// several samples, see README.md).
void set_mlperf_throughput(sim::RunResult& run, const std::string& scenario);

}  // namespace servesim::validate
