// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/batch_order.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>
#include <utility>

namespace servesim::sim {

double BatchOrderCount::batch_first_share() const {
  return total() == 0 ? std::numeric_limits<double>::quiet_NaN()
                      : static_cast<double>(batch_first) / static_cast<double>(total());
}

namespace {
struct Call {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::int64_t first_enter_ns = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> request_ids;  // the batch's items
};
}  // namespace

BatchOrderCount count_batch_order(const Topology& topology, std::size_t stage_index,
                                  const std::vector<RequestStageRecord>& records) {
  BatchOrderCount count;
  if (stage_index + 1 >= topology.stages.size()) return count;
  const StageSpec& stage = topology.stages[stage_index];
  const std::string& next_stage = topology.stages[stage_index + 1].name;
  std::map<std::pair<std::int64_t, std::int64_t>, Call> by_span;  // ordered by start
  std::unordered_map<std::int64_t, std::int64_t> next_start_ns;   // request id -> its start
  for (const RequestStageRecord& r : records) {
    if (r.stage == stage.name) {
      Call& call = by_span[{r.start_ns, r.end_ns}];
      call.start_ns = r.start_ns;
      call.end_ns = r.end_ns;
      call.first_enter_ns = std::min(call.first_enter_ns, r.enter_ns);
      call.request_ids.push_back(r.request_id);
    } else if (r.stage == next_stage) {
      next_start_ns[r.request_id] = r.start_ns;
    }
  }
  std::vector<Call> calls;
  calls.reserve(by_span.size());
  for (auto& [span, call] : by_span) calls.push_back(std::move(call));
  for (const Call& ended : calls) {
    const auto next =
        std::lower_bound(calls.begin(), calls.end(), ended.end_ns,
                         [](const Call& c, std::int64_t t) { return c.start_ns < t; });
    if (next == calls.end()) continue;
    // Ready when the call ended: the batcher was waiting for an instance, not for its timer.
    const bool ready =
        next->first_enter_ns <= ended.end_ns &&
        (next->request_ids.size() >= static_cast<std::size_t>(stage.batching.max_batch) ||
         next->first_enter_ns + stage.batching.max_delay_ns <= ended.end_ns);
    if (!ready) continue;
    std::int64_t items_next_ns = std::numeric_limits<std::int64_t>::max();
    for (std::int64_t id : ended.request_ids) {
      const auto it = next_start_ns.find(id);
      if (it != next_start_ns.end()) items_next_ns = std::min(items_next_ns, it->second);
    }
    if (items_next_ns == std::numeric_limits<std::int64_t>::max()) continue;
    if (next->start_ns < items_next_ns) {
      ++count.batch_first;
    } else {
      ++count.items_first;
    }
  }
  return count;
}

std::vector<StageBatchOrder> count_batch_orders(const Topology& topology,
                                                const std::vector<RequestStageRecord>& records) {
  std::vector<StageBatchOrder> orders;
  for (std::size_t i = 0; i < topology.stages.size(); ++i) {
    const StageSpec& stage = topology.stages[i];
    if (stage.batching.max_batch <= 1) continue;
    orders.push_back(
        {stage.name, stage.batching.batch_first_share, count_batch_order(topology, i, records)});
  }
  return orders;
}

}  // namespace servesim::sim
