// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/window_summary.hpp"

#include "sim/stats/batch_means.hpp"
#include "sim/stats/window_rate.hpp"

namespace servesim::sim {
namespace {
Estimate in_ms(const Estimate& ns) {
  return Estimate{ns.value * 1e-6, ns.ci95_halfwidth * 1e-6, ns.batches};
}
}  // namespace

void summarise_window(const WindowRate& completed, const BatchMeansRecorder& latency,
                      ServingResult& result) {
  result.completed_in_window = completed.count();
  const Estimate throughput = completed.per_s();
  result.throughput_rps = throughput.value;
  result.throughput_ci95_rps = throughput.ci95_halfwidth;
  result.mean_ms = in_ms(latency.mean());
  result.p50_ms = in_ms(latency.percentile(0.50));
  result.p90_ms = in_ms(latency.percentile(0.90));
  result.p95_ms = in_ms(latency.percentile(0.95));
  result.p99_ms = in_ms(latency.percentile(0.99));
  result.p999_ms = in_ms(latency.percentile(0.999));
  result.measured_requests = latency.count();
  result.latency_histogram = latency.histogram();
}

void summarise_items(const WindowRate& items_completed, const BatchMeansRecorder& item_latency,
                     ServingResult& result) {
  result.item_throughput_rps = items_completed.per_s().value;
  result.item_mean_ms = in_ms(item_latency.mean());
  result.item_p50_ms = in_ms(item_latency.percentile(0.50));
  result.item_p99_ms = in_ms(item_latency.percentile(0.99));
}

}  // namespace servesim::sim
