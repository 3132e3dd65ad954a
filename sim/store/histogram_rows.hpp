// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/stats/latency_histogram.hpp"
#include "sim/store/run_result.hpp"

#include <string>
#include <vector>

namespace servesim::sim {

/// The non-empty buckets of a histogram as results-store rows.
std::vector<HistogramBucket> histogram_rows(const std::string& series, const LatencyHistogram& h);

}  // namespace servesim::sim
