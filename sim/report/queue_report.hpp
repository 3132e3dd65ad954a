// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/queueing/classic_queue.hpp"
#include "sim/store/run_result.hpp"

#include <string>

namespace servesim::sim {

/// The three faces of a classic-queue run: JSON for scripts, a table for people, rows for the
/// results store. None holds wall-clock time, so the same seed gives the same bytes.
std::string queue_report_json(const QueueConfig& config, const QueueResult& result);
std::string queue_report_table(const QueueConfig& config, const QueueResult& result);
RunResult queue_run_result(const QueueConfig& config, const QueueResult& result);

}  // namespace servesim::sim
