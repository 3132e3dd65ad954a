// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/serving/serving_config.hpp"
#include "sim/serving/serving_result.hpp"
#include "sim/store/run_result.hpp"

#include <vector>

namespace servesim::validate {

/// The simulator's summary of a run, computed from measured per-request records, with the
/// simulator's rules (sim/serving/metrics_collector.cpp): a request is measured when it was sent
/// inside [warm-up, duration); throughput counts completions inside [warm-up, duration] over the
/// window; latency is done - sent; a stage's queueing is start - enter, its service end - start
/// (a batch's whole call for each of its items); utilisation of the cpu pool is its busy time
/// (each batch counted once) inside the window over cores x window. Every record is kept in the
/// result (warm-up included), so the stored run has one row per request and stage.
sim::ServingResult summarize_measured_run(const sim::ServingConfig& config,
                                          std::vector<sim::RequestRecord> requests,
                                          std::vector<sim::RequestStageRecord> stages);

}  // namespace servesim::validate
