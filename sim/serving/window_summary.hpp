// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/serving/serving_result.hpp"

namespace servesim::sim {

class BatchMeansRecorder;
class WindowRate;

/// Fills what every ServingResult reports of its measured window, simulated or measured alike:
/// completions and throughput, and the latency mean and percentiles (recorded in ns, in ms here)
/// with the recorder's histogram.
void summarise_window(const WindowRate& completed, const BatchMeansRecorder& latency,
                      ServingResult& result);

/// Fills a fan-out's item throughput and item latency (mean, p50, p99 in ms).
void summarise_items(const WindowRate& items_completed, const BatchMeansRecorder& item_latency,
                     ServingResult& result);

}  // namespace servesim::sim
