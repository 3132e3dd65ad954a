// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/stage_runtime.hpp"

#include "sim/random/shared_draw.hpp"

#include <algorithm>

namespace servesim::sim {
namespace {
const ResourceSpec& control_host() {
  static const ResourceSpec none;
  return none;
}
}  // namespace

std::string model_stream(const std::string& name, std::uint32_t replication) {
  return replication == 0 ? name : name + "#" + std::to_string(replication);
}

StageRuntime::StageRuntime(const Topology& topology, std::size_t stage_index, std::uint64_t seed,
                           std::uint32_t replication)
    : topology_(topology),
      index_(stage_index),
      spec_(topology.stages[stage_index]),
      host_(is_control() ? control_host() : topology.resource(spec_.on)),
      seed_(seed),
      replication_(replication),
      rng_(seed, model_stream("service." + spec_.name, replication)),
      dispatch_rng_(seed, model_stream("dispatch." + spec_.name, replication)),
      batcher_rng_(seed, model_stream("batcher." + spec_.name, replication)),
      timer_rng_(seed, model_stream("batch_timer." + spec_.name, replication)),
      turnaround_rng_(seed, model_stream("turnaround." + spec_.name, replication)) {
  if (is_transfer()) transfer_latency_ns_ = duration_from_ns(host_.latency_us * 1e3);
}

bool StageRuntime::per_gpu() const {
  return host_.kind == ResourceKind::kGpu || (host_.kind == ResourceKind::kLink && host_.per_gpu);
}

bool StageRuntime::is_network() const {
  return (spec_.op == StageOp::kNetRecv || spec_.op == StageOp::kNetSend) &&
         host_.kind == ResourceKind::kNic && !host_.device.empty();
}

SimDuration StageRuntime::sample_transfer_latency(const CostModel& costs,
                                                  const std::vector<ImageClass>& classes,
                                                  int class_index, SimTime now_ns) {
  if (!is_network()) return transfer_latency_ns_;
  const auto ci = static_cast<std::size_t>(class_index);
  if (network_.size() <= ci) network_.resize(ci + 1);
  auto& measured = network_[ci];
  if (!measured) {
    measured.emplace();
    try {
      *measured = costs.estimate(query(classes[ci], 1, host_.device)).duration_ns;
    } catch (const CostLookupError&) {
      // No measured row: the nic's latency_us, as for any transfer.
    }
  }
  if (!*measured) return transfer_latency_ns_;
  const double wire_ns = cost(costs, classes, class_index, 1).mean();
  const Distribution& network_ns = measured->value();
  double drawn_ns = 0;
  if (host_.noise_share > 0) {
    // The slot's common draw comes from a stream named by the nic and the slot, so every stage
    // on the nic (recv and send) reads the same value for it, in any order of events; kept
    // while messages stay in the slot, so the stream is named once a slot, not once a message.
    const SimTime slot = now_ns / host_.noise_slot_ns;
    if (slot != noise_slot_) {
      RngStream common(
          seed_,
          model_stream("network_noise." + host_.name + "." + std::to_string(slot), replication_));
      noise_slot_ = slot;
      noise_common_u_ = common.uniform01();
    }
    drawn_ns =
        network_ns.quantile(shared_uniform(noise_common_u_, rng_.uniform01(), host_.noise_share));
  } else {
    drawn_ns = network_ns.sample(rng_);
  }
  return duration_from_ns(std::max(0.0, drawn_ns - wire_ns));
}

bool StageRuntime::is_transfer() const {
  return host_.kind == ResourceKind::kLink || host_.kind == ResourceKind::kNic;
}

SimDuration StageRuntime::sample_in_run(const CostModel& costs,
                                        const std::vector<ImageClass>& classes, int class_index,
                                        bool corun, double run_common_u) {
  const Distribution& d = cost(costs, classes, class_index, 1, corun);
  return duration_from_ns(
      d.quantile(shared_uniform(run_common_u, rng_.uniform01(), host_.run_share)));
}

Payload StageRuntime::payload_out(const StageSpec& stage, const Payload& in) {
  const auto out_pixels = static_cast<std::int64_t>(stage.out_width_px) * stage.out_height_px;
  switch (stage.op) {
    case StageOp::kJpegDecode:
      return {in.pixels, in.pixels * 3};
    case StageOp::kResize:
    case StageOp::kCrop:
      return {out_pixels, out_pixels * 3};
    case StageOp::kFanout:
      return out_pixels > 0 ? Payload{out_pixels, out_pixels * 3} : in;
    case StageOp::kNormalize:
      return {in.pixels, in.pixels * 3 * stage.bytes_per_value};
    case StageOp::kInfer:
      return {0, stage.out_bytes};
    case StageOp::kPostprocess:
      return {0, stage.out_bytes > 0 ? stage.out_bytes : in.bytes};
    default:
      return in;
  }
}

Payload StageRuntime::payload_in(const Topology& topology, std::size_t stage_index,
                                 const ImageClass& c) {
  Payload p{c.pixels(), c.jpeg_bytes};
  Payload at_fanout = p;  // after its join, the parent goes on with what it had at the fan-out
  for (std::size_t i = 0; i < stage_index; ++i) {
    const StageSpec& stage = topology.stages[i];
    if (stage.op == StageOp::kFanout) at_fanout = p;
    p = stage.op == StageOp::kJoin ? at_fanout : payload_out(stage, p);
  }
  return p;
}

CostQuery StageRuntime::query(const ImageClass& c, int batch, const std::string& device) const {
  const Payload in = payload_in(topology_, index_, c);
  CostQuery q;
  q.device = device;
  q.op = to_string(spec_.op);
  q.model = spec_.model;
  q.precision = spec_.precision;
  q.variant = spec_.variant;
  q.batch = batch;
  q.input_pixels = in.pixels;
  q.input_bytes = in.bytes;
  return q;
}

const Distribution& StageRuntime::cost(const CostModel& costs,
                                       const std::vector<ImageClass>& classes, int class_index,
                                       int batch, bool corun) {
  corun = corun && has_corun_costs();
  const auto ci = static_cast<std::size_t>(class_index);
  auto& per_class = cost_[corun ? 1 : 0];
  if (per_class.size() <= ci) per_class.resize(ci + 1);
  auto& per_batch = per_class[ci];
  const auto bi = static_cast<std::size_t>(batch);
  if (per_batch.size() <= bi) per_batch.resize(bi + 1);
  if (!per_batch[bi]) {
    if (is_transfer()) {
      const double bytes = static_cast<double>(payload_in(topology_, index_, classes[ci]).bytes);
      per_batch[bi] = Distribution::deterministic(bytes * batch / host_.gbytes_per_s);
    } else if (corun) {
      const std::vector<std::string> devices = costs.devices();
      if (std::find(devices.begin(), devices.end(), host_.corun_device) == devices.end()) {
        throw CostLookupError(topology_.source_path + ": node '" + host_.name +
                              "': attribute 'corun_device': no cost table for device '" +
                              host_.corun_device + "' (load one with --costs, or remove it)");
      }
      // The co-run table may cover only some ops; the rest cost what they cost alone.
      try {
        per_batch[bi] = costs.estimate(query(classes[ci], batch, host_.corun_device)).duration_ns;
      } catch (const CostLookupError&) {
        per_batch[bi] = cost(costs, classes, class_index, batch, false);
      }
    } else {
      try {
        per_batch[bi] = costs.estimate(query(classes[ci], batch, host_.device)).duration_ns;
      } catch (const CostLookupError& e) {
        throw CostLookupError(topology_.source_path + ": node '" + spec_.name + "': " + e.what());
      }
    }
  }
  return *per_batch[bi];
}

bool StageRuntime::draw_batch_first() {
  const double share = spec_.batching.batch_first_share;
  if (share >= 1.0) return true;
  if (share <= 0.0) return false;
  return batcher_rng_.uniform01() < share;
}

const std::optional<Distribution>& StageRuntime::wake_cost(
    const CostModel& costs, const char* op, std::optional<std::optional<Distribution>>& slot) {
  if (!slot) {
    slot.emplace();
    if (host_.kind == ResourceKind::kCpu && !host_.device.empty()) {
      CostQuery q;
      q.device = host_.device;
      q.op = op;
      try {
        *slot = costs.estimate(q).duration_ns;
      } catch (const CostLookupError&) {
        // Not measured: no such latency.
      }
    }
  }
  return *slot;
}

SimDuration StageRuntime::sample_dispatch(const CostModel& costs) {
  // No measured wake-up: calls start the moment a unit is free.
  const std::optional<Distribution>& wake = wake_cost(costs, "dispatch", dispatch_);
  return wake ? duration_from_ns(wake->sample(dispatch_rng_)) : 0;
}

std::optional<SimDuration> StageRuntime::sample_batch_timer(const CostModel& costs) {
  const std::optional<Distribution>& late = wake_cost(costs, "batch_timer", batch_timer_);
  if (!late) return std::nullopt;
  return duration_from_ns(late->sample(timer_rng_));
}

SimDuration StageRuntime::sample_turnaround(const CostModel& costs) {
  const std::optional<Distribution>& after = wake_cost(costs, "turnaround", turnaround_);
  return after ? duration_from_ns(after->sample(turnaround_rng_)) : 0;
}

std::int64_t StageRuntime::message_bytes(const std::vector<ImageClass>& classes, int class_index) {
  // Walking the chain is per class, not per message: the Kafka hop asks for every record.
  const auto ci = static_cast<std::size_t>(class_index);
  if (message_bytes_.size() <= ci) message_bytes_.resize(ci + 1, -1);
  if (message_bytes_[ci] < 0) message_bytes_[ci] = payload_in(topology_, index_, classes[ci]).bytes;
  return message_bytes_[ci];
}

const BrokerMessageCost& StageRuntime::broker_cost(const CostModel& costs,
                                                   const std::vector<ImageClass>& classes,
                                                   int class_index) {
  const auto ci = static_cast<std::size_t>(class_index);
  if (broker_cost_.size() <= ci) broker_cost_.resize(ci + 1);
  if (!broker_cost_[ci]) {
    try {
      broker_cost_[ci] = server_broker_cost(host_, message_bytes(classes, class_index), costs);
    } catch (const CostLookupError& e) {
      throw CostLookupError(topology_.source_path + ": node '" + spec_.name + "': " + e.what());
    }
  }
  return *broker_cost_[ci];
}

double StageRuntime::demand_ns(const CostModel& costs, const std::vector<ImageClass>& classes,
                               int class_index) {
  if (is_control()) return 0;
  if (is_broker()) {
    const BrokerSpec& b = host_.broker;
    if (b.type != BrokerType::kKafka) return broker_cost(costs, classes, class_index).service_ns;
    // A full producer batch is the cheapest way through a partition leader.
    const std::int64_t bytes = message_bytes(classes, class_index);
    const int n = kafka_messages_per_batch(b, bytes);
    return kafka_append_ns(b, bytes * n) / n;
  }
  double best = cost(costs, classes, class_index, 1).mean();
  // A batch occupies its engine once for all its items: the cheapest size per item bounds.
  for (int b = 2; b <= spec_.batching.max_batch; ++b) {
    best = std::min(best, cost(costs, classes, class_index, b).mean() / b);
  }
  return best;
}

}  // namespace servesim::sim
