// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"
#include "sim/topology/topology.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace servesim::sim {

/// What a cpu pool took up first after a batched call ended with a batch ready to send: the next
/// batch, or the finished items' next stage. Measured runs give the share the topology's
/// `batch_first_share` sets (docs/findings/2026-11-25-batch-order.md);
/// simulated runs give it back.
struct BatchOrderCount {
  std::uint64_t batch_first = 0;
  std::uint64_t items_first = 0;
  /// The calls that qualified.
  std::uint64_t total() const { return batch_first + items_first; }
  /// batch_first over both; NaN when no call qualified.
  double batch_first_share() const;
};

/// One batched stage's count, beside the share its topology's batch_first_share sets.
struct StageBatchOrder {
  std::string stage;
  double batch_first_share = 1.0;  // the topology's; count.batch_first_share() is the run's
  BatchOrderCount count;
};

/// Counts, from per-request stage records (batched items share start and end), the calls of the
/// stage at `stage_index` after which a batch was ready (its first item had waited max_delay
/// by then, or it was full) and started later: "batch first" if it started before every item of
/// the finished call started its next stage.
BatchOrderCount count_batch_order(const Topology& topology, std::size_t stage_index,
                                  const std::vector<RequestStageRecord>& records);
/// count_batch_order for every batched stage (max_batch > 1), in topology order.
std::vector<StageBatchOrder> count_batch_orders(const Topology& topology,
                                                const std::vector<RequestStageRecord>& records);

}  // namespace servesim::sim
