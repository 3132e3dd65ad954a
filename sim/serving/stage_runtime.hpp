// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_model.hpp"
#include "sim/random/rng_stream.hpp"
#include "sim/serving/broker_cost.hpp"
#include "sim/topology/topology.hpp"
#include "sim/workload/image_class.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace servesim::sim {

/// What a stage sees of an item: pixels and bytes arriving at it.
struct Payload {
  std::int64_t pixels = 0;
  std::int64_t bytes = 0;
};

/// The name of a service-model stream in replication `replication` (validate --replications):
/// replication 0 keeps the names every stored run was drawn with.
std::string model_stream(const std::string& name, std::uint32_t replication);

/// A stage ready to run: its spec, where it runs, and its cost per image class and batch size,
/// computed once on first use (cost lookups interpolate; the hot path only samples).
class StageRuntime {
 public:
  /// `replication` > 0 draws the service times and wake-ups from other streams of the same seed
  /// (an independent replication of the model over the same workload).
  StageRuntime(const Topology& topology, std::size_t stage_index, std::uint64_t seed,
               std::uint32_t replication = 0);

  const StageSpec& spec() const { return spec_; }
  const ResourceSpec& host() const { return host_; }
  Category category() const { return category_of(spec_.op); }
  bool batched() const { return spec_.batching.max_batch > 1; }
  /// fanout and join: no resource, no cost; they shape the request's path.
  bool is_control() const { return spec_.op == StageOp::kFanout || spec_.op == StageOp::kJoin; }
  bool is_broker() const { return spec_.op == StageOp::kBrokerHop; }
  /// True if the stage runs on a per-GPU unit (a GPU engine or a per-GPU link).
  bool per_gpu() const;
  /// Transfers (network, PCIe) cost bandwidth time on their resource plus a latency that holds
  /// nothing; everything else comes from the cost tables.
  bool is_transfer() const;
  SimDuration transfer_latency_ns() const { return transfer_latency_ns_; }
  /// net_recv and net_send on a nic with a `device`: the stage as it appears in cost tables.
  bool is_network() const;
  /// The latency of one transfer after its wire time (which holds the link or nic), holding
  /// nothing: for a network stage whose nic's device has a table row for the op (measured in
  /// situ: the server's socket calls and thread wake-ups, the tail a shared machine gives
  /// them), a sampled duration less the wire time; otherwise the resource's `latency_us`. With
  /// the nic's `noise_share`, the draw shares that much with every message on the nic that
  /// starts in the same `noise_slot` as `now_ns` (a stall delays them all).
  SimDuration sample_transfer_latency(const CostModel& costs,
                                      const std::vector<ImageClass>& classes, int class_index,
                                      SimTime now_ns);

  /// Payload entering this stage for an image class, and leaving it.
  static Payload payload_in(const Topology& topology, std::size_t stage_index, const ImageClass& c);
  static Payload payload_out(const StageSpec& stage, const Payload& in);

  /// Duration distribution (ns) of one call on `batch` items of a class. `corun`: other units of
  /// a cpu pool are busy, so the pool's corun_device table answers when it has the op.
  const Distribution& cost(const CostModel& costs, const std::vector<ImageClass>& classes,
                           int class_index, int batch, bool corun = false);
  SimDuration sample(const CostModel& costs, const std::vector<ImageClass>& classes,
                     int class_index, int batch, bool corun = false) {
    return duration_from_ns(cost(costs, classes, class_index, batch, corun).sample(rng_));
  }
  /// One call of a worker run on a pool with a `run_share`: the draw shares that much of its
  /// normal score with `run_common_u`, the run's common uniform (still one draw of this
  /// stage's stream, so the distribution keeps its shape).
  SimDuration sample_in_run(const CostModel& costs, const std::vector<ImageClass>& classes,
                            int class_index, bool corun, double run_common_u);
  /// Wake-up latency (ns) of a cpu worker that was idle when this stage's call was handed to it:
  /// the pool device's "dispatch" cost, sampled; 0 when the table has none (or not a cpu pool).
  /// A worker that finds the next call queued takes it without sleeping, so only a call that
  /// found an idle unit pays it.
  SimDuration sample_dispatch(const CostModel& costs);
  /// Batched cpu stages: how long after its max_delay deadline a timed batch starts on an idle
  /// unit (the batcher's thread waking from its timer, then the worker it hands the batch to),
  /// sampled from the pool device's "batch_timer" cost; none when the table has no such row.
  std::optional<SimDuration> sample_batch_timer(const CostModel& costs);
  /// Cpu stages that end a worker's run (the unit is let go after them): how long the worker
  /// stays busy after the call before it can take the next one (handing the items on, writing
  /// a reply, waking the batcher), sampled from the pool device's "turnaround" cost; 0 when the
  /// table has no such row.
  SimDuration sample_turnaround(const CostModel& costs);
  /// Batched stages, when a call ends with requests waiting: true if the batcher forms its next
  /// batch before the call's items move on (drawn with the stage's `batch_first_share`; no
  /// draw when the share is 0 or 1).
  bool draw_batch_first();
  /// True if this stage's cost depends on whether the other units of its pool are busy.
  bool has_corun_costs() const { return !host_.corun_device.empty(); }

  /// Broker hops: one message's cost at a server broker (Redis, NATS), per image class.
  const BrokerMessageCost& broker_cost(const CostModel& costs,
                                       const std::vector<ImageClass>& classes, int class_index);
  /// Broker hops: the message's size for an image class (the payload arriving at the hop).
  std::int64_t message_bytes(const std::vector<ImageClass>& classes, int class_index);
  /// Mean time one item holds this stage's pool at its most efficient (the static bound's
  /// demand): the call's duration per item for compute stages, the broker's service time per
  /// message for broker hops.
  double demand_ns(const CostModel& costs, const std::vector<ImageClass>& classes, int class_index);
  RngStream& rng() { return rng_; }
  /// The cost-table query for one call of this stage on `batch` items of a class on `device`
  /// (the pool's device or its corun_device): what in-situ calibration stores its samples under.
  CostQuery query(const ImageClass& c, int batch, const std::string& device) const;

  std::uint64_t batches = 0;  // statistics of batched stages over the measured window
  std::uint64_t batched_items = 0;

 private:
  /// The pool device's row for a wake-up `op` (no query size), cached in `slot`; none when the
  /// host is not a cpu pool with a device or its table has no such row.
  const std::optional<Distribution>& wake_cost(const CostModel& costs, const char* op,
                                               std::optional<std::optional<Distribution>>& slot);

  const Topology& topology_;
  std::size_t index_;
  StageSpec spec_;
  ResourceSpec host_;
  SimDuration transfer_latency_ns_ = 0;
  std::uint64_t seed_;
  std::uint32_t replication_;
  SimTime noise_slot_ = -1;  // the network noise slot whose common draw noise_common_u_ is
  double noise_common_u_ = 0.5;
  RngStream rng_;
  RngStream dispatch_rng_;  // its own stream: a wake-up row leaves the service samples as they were
  RngStream batcher_rng_;   // its own stream, for the same reason
  RngStream timer_rng_;     // its own stream, for the same reason
  RngStream turnaround_rng_;  // its own stream, for the same reason
  std::vector<std::vector<std::optional<Distribution>>> cost_[2];    // [corun][class][batch]
  std::optional<std::optional<Distribution>> dispatch_;              // looked up on first use
  std::optional<std::optional<Distribution>> batch_timer_;           // looked up on first use
  std::optional<std::optional<Distribution>> turnaround_;            // looked up on first use
  std::vector<std::optional<std::optional<Distribution>>> network_;  // [class], looked up once
  std::vector<std::optional<BrokerMessageCost>> broker_cost_;        // [class]
  std::vector<std::int64_t> message_bytes_;  // [class], -1 = not yet computed
};

}  // namespace servesim::sim
