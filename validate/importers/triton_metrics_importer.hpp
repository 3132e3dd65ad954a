// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"

#include <string>
#include <vector>

namespace servesim::validate {

struct TritonScrapeOptions {
  /// A scrape taken at the start of the measured window; "" uses the totals since Triton started.
  std::string before_path;
  /// Seconds between the two scrapes (or since the server started, without before_path), used
  /// when the samples carry no timestamps; 0 = unknown, and no throughput is reported.
  double window_s = 0.0;
};

/// Imports Triton's Prometheus metrics text (`:8002/metrics`, docs/measured-formats.md §1.3): one
/// run per model and version that served requests in the window, tagged "model=<name>,version=<v>".
/// Cumulative counters become per-request averages (server_queue_ms, server_compute_infer_ms,
/// ...), avg_batch_size = inferences / executions, and per-GPU resource rows. Throws ImportError
/// naming the file and line of a malformed sample or a counter that went down.
std::vector<sim::RunResult> import_triton_metrics(const std::string& after_path,
                                                  const TritonScrapeOptions& options = {});

}  // namespace servesim::validate
