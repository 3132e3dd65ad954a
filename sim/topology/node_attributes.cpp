// SPDX-License-Identifier: Apache-2.0
#include "sim/topology/node_attributes.hpp"

#include "sim/topology/topology_parser.hpp"
#include "sim/workload/item_count.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace servesim::sim {
namespace {
const char* const kCosmetic[] = {"label",     "shape",    "style",    "color",
                                 "fillcolor", "fontname", "fontsize", "tooltip",
                                 "xlabel",    "penwidth", "width",    "height"};

struct OpName {
  const char* name;
  StageOp op;
};
const OpName kOps[] = {{"net_recv", StageOp::kNetRecv},
                       {"jpeg_decode", StageOp::kJpegDecode},
                       {"resize", StageOp::kResize},
                       {"crop", StageOp::kCrop},
                       {"normalize", StageOp::kNormalize},
                       {"h2d", StageOp::kH2d},
                       {"infer", StageOp::kInfer},
                       {"d2h", StageOp::kD2h},
                       {"postprocess", StageOp::kPostprocess},
                       {"net_send", StageOp::kNetSend},
                       {"fanout", StageOp::kFanout},
                       {"broker_hop", StageOp::kBrokerHop},
                       {"join", StageOp::kJoin}};

// Resize variants the calibration measures: straight to the output size, or the ImageNet recipe
// (shorter side to 256, then a centre crop gives the output size).
const char* const kResizeVariants[] = {"bilinear", "area", "bilinear_shorter256",
                                       "area_shorter256"};

std::string op_list() {
  std::string list;
  for (const OpName& o : kOps) list += (list.empty() ? "" : ", ") + std::string(o.name);
  return list;
}
}  // namespace

NodeAttributes::NodeAttributes(std::string origin, std::string node,
                               const std::map<std::string, std::string>& attributes)
    : origin_(std::move(origin)), node_(std::move(node)), attributes_(attributes) {
  kind_ = required_text("kind");
  static const char* const kKinds[] = {"cpu", "gpu", "link", "nic", "broker", "servers", "stage"};
  if (std::find_if(std::begin(kKinds), std::end(kKinds),
                   [&](const char* k) { return kind_ == k; }) == std::end(kKinds)) {
    fail("kind", "unknown kind '" + kind_ + "'; use cpu, gpu, link, nic, broker, servers or stage");
  }
}

void NodeAttributes::fail(const std::string& attribute, const std::string& reason) const {
  throw TopologyError(origin_ + ": node '" + node_ + "': attribute '" + attribute + "': " + reason);
}

void NodeAttributes::allow_only(std::initializer_list<const char*> names) const {
  for (const auto& [name, value] : attributes_) {
    const auto matches = [&](const char* n) { return name == n; };
    if (name == "kind" || std::any_of(names.begin(), names.end(), matches) ||
        std::any_of(std::begin(kCosmetic), std::end(kCosmetic), matches)) {
      continue;
    }
    std::string allowed;
    for (const char* n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    fail(name, "not an attribute of kind=" + kind_ + " (allowed: " + allowed + ")");
  }
}

std::string NodeAttributes::text(const std::string& name, const std::string& fallback) const {
  auto it = attributes_.find(name);
  return it == attributes_.end() ? fallback : it->second;
}

std::string NodeAttributes::required_text(const std::string& name) const {
  auto it = attributes_.find(name);
  if (it == attributes_.end() || it->second.empty()) fail(name, "missing (required)");
  return it->second;
}

long NodeAttributes::integer(const std::string& name, long fallback, long min, long max) const {
  auto it = attributes_.find(name);
  if (it == attributes_.end()) return fallback;
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || errno != 0) {
    fail(name, "'" + it->second + "' is not a whole number");
  }
  if (value < min || value > max) {
    fail(name, std::to_string(value) + " is out of range [" + std::to_string(min) + ", " +
                   std::to_string(max) + "]");
  }
  return value;
}

double NodeAttributes::real(const std::string& name, double fallback, double min) const {
  auto it = attributes_.find(name);
  if (it == attributes_.end()) return fallback;
  char* end = nullptr;
  const double value = std::strtod(it->second.c_str(), &end);
  if (it->second.empty() || *end != '\0' || !std::isfinite(value)) {
    fail(name, "'" + it->second + "' is not a number");
  }
  if (value < min) fail(name, it->second + " must be at least " + std::to_string(min));
  return value;
}

RoutePolicy NodeAttributes::policy(const std::string& name) const {
  const std::string value = text(name, "round_robin");
  if (value == "round_robin") return RoutePolicy::kRoundRobin;
  if (value == "least_outstanding") return RoutePolicy::kLeastOutstanding;
  if (value == "jsq") return RoutePolicy::kJoinShortestQueue;
  fail(name, "unknown policy '" + value + "'; use round_robin, least_outstanding or jsq");
}

ResourceSpec NodeAttributes::resource_spec() const {
  ResourceSpec r;
  r.name = node_;
  if (kind_ == "cpu") {
    allow_only({"device", "cores", "corun_device", "run_share"});
    r.kind = ResourceKind::kCpu;
    r.device = text("device", "cpu");
    r.corun_device = text("corun_device", "");
    r.run_share = real("run_share", 0, 0);
    if (r.run_share >= 1) fail("run_share", "must be below 1 (0 = independent draws)");
    if (!has("cores")) fail("cores", "missing (required): how many cores serve the stages");
    r.cores = static_cast<int>(integer("cores", 1, 1, 4096));
  } else if (kind_ == "gpu") {
    allow_only({"device", "count", "jpeg_decoders", "route"});
    r.kind = ResourceKind::kGpu;
    r.device = required_text("device");
    r.count = static_cast<int>(integer("count", 1, 1, 1024));
    r.jpeg_decoders = static_cast<int>(integer("jpeg_decoders", 0, 0, 64));
    r.route = policy("route");
  } else if (kind_ == "link") {
    allow_only({"gbytes_per_s", "latency_us", "per", "duplex"});
    r.kind = ResourceKind::kLink;
    if (!has("gbytes_per_s")) fail("gbytes_per_s", "missing (required): bandwidth in GB/s");
    r.gbytes_per_s = real("gbytes_per_s", 0, 1e-6);
    r.latency_us = real("latency_us", 0, 0);
    const std::string per = text("per", "");
    if (!per.empty() && per != "gpu") fail("per", "'" + per + "' unknown; the only value is gpu");
    r.per_gpu = per == "gpu";
    r.duplex = static_cast<int>(integer("duplex", 2, 1, 2));
  } else if (kind_ == "nic") {
    allow_only({"gbits_per_s", "latency_us", "device", "noise_share", "noise_slot_us"});
    r.kind = ResourceKind::kNic;
    if (!has("gbits_per_s")) fail("gbits_per_s", "missing (required): line rate in Gbit/s");
    r.gbytes_per_s = real("gbits_per_s", 0, 1e-6) / 8;
    r.latency_us = real("latency_us", 0, 0);
    // Optional: a cost-table device whose net_recv / net_send rows (measured in situ) give the
    // stages' latency instead of latency_us.
    r.device = text("device", "");
    r.noise_share = real("noise_share", 0, 0);
    if (r.noise_share >= 1) fail("noise_share", "must be below 1 (0 = independent draws)");
    if (r.noise_share > 0 && r.device.empty()) {
      fail("noise_share",
           "needs device: it shares the measured network times' draws, and without a device "
           "the nic's latency is the fixed latency_us");
    }
    r.noise_slot_ns = duration_from_ns(real("noise_slot_us", 1000, 1) * 1e3);
  } else if (kind_ == "broker") {
    r.kind = ResourceKind::kBroker;
    r.broker = broker_spec();
    r.device = text("device", "");
    if (r.broker.op_us < 0 && r.device.empty()) {
      fail("device",
           "missing: the cost-table device whose broker rows to use (e.g. local), or "
           "give op_us, us_per_kib and hop_latency_us");
    }
  } else {
    fail("kind", "'" + kind_ + "' is not a resource");
  }
  return r;
}

BrokerSpec NodeAttributes::broker_spec() const {
  BrokerSpec b;
  const std::string type = required_text("type");
  if (type == "redis" || type == "nats") {
    allow_only({"type", "device", "mode", "threads", "op_us", "us_per_kib", "hop_latency_us"});
    b.type = type == "redis" ? BrokerType::kRedis : BrokerType::kNats;
    b.mode = text("mode", type == "redis" ? "list" : "jetstream");
    const bool known = type == "redis"
                           ? (b.mode == "list" || b.mode == "stream" || b.mode == "pubsub")
                           : (b.mode == "jetstream" || b.mode == "core");
    if (!known) {
      fail("mode", "'" + b.mode + "' unknown; use " +
                       (type == "redis" ? "list, stream or pubsub" : "jetstream or core"));
    }
    b.threads = static_cast<int>(integer("threads", 1, 1, 1024));
  } else if (type == "kafka") {
    allow_only({"type", "device", "op_us", "us_per_kib", "hop_latency_us", "linger_ms",
                "batch_bytes", "acks", "replication_us", "poll_ms", "partitions", "consumers"});
    b.type = BrokerType::kKafka;
    // Defaults: docs/public-figures.md §3.1 (Kreps 2014, 3 brokers) and 3.2; see
    // topologies/README.md for how each is derived.
    b.op_us = 80;
    b.us_per_kib = 12.5;
    b.hop_latency_us = 400;
    b.replication_us = 1000;
    b.linger_ms = real("linger_ms", 5, 0);
    b.batch_bytes = integer("batch_bytes", 16384, 1, 1L << 31);
    b.acks = text("acks", "all");
    if (b.acks != "0" && b.acks != "1" && b.acks != "all") {
      fail("acks", "'" + b.acks + "' unknown; use 0, 1 or all");
    }
    b.poll_ms = real("poll_ms", 0, 0);
    b.partitions = static_cast<int>(integer("partitions", 1, 1, 100000));
    b.consumers = static_cast<int>(integer("consumers", 1, 1, 100000));
  } else {
    fail("type", "unknown broker type '" + type + "'; use redis, kafka or nats");
  }
  if (has("op_us")) b.op_us = real("op_us", 0, 0);
  b.us_per_kib = real("us_per_kib", b.us_per_kib, 0);
  b.hop_latency_us = real("hop_latency_us", b.hop_latency_us, 0);
  b.replication_us = real("replication_us", b.replication_us, 0);
  if (b.type != BrokerType::kKafka && b.op_us < 0 && (has("us_per_kib") || has("hop_latency_us"))) {
    fail(has("us_per_kib") ? "us_per_kib" : "hop_latency_us",
         "needs op_us as well (together they replace the cost table)");
  }
  return b;
}

ServersSpec NodeAttributes::servers_spec() const {
  allow_only({"count", "max_inflight", "policy"});
  ServersSpec s;
  if (!has("count")) fail("count", "missing (required): how many server nodes");
  s.count = static_cast<int>(integer("count", 1, 1, 100000));
  s.max_inflight = static_cast<int>(integer("max_inflight", 0, 0, 1 << 30));
  s.policy = policy("policy");
  return s;
}

StageSpec NodeAttributes::stage_spec() const {
  StageSpec s;
  s.name = node_;
  const std::string op = required_text("op");
  const auto found =
      std::find_if(std::begin(kOps), std::end(kOps), [&](const OpName& o) { return op == o.name; });
  if (found == std::end(kOps)) fail("op", "unknown op '" + op + "'; use one of " + op_list());
  s.op = found->op;
  if (s.op == StageOp::kFanout || s.op == StageOp::kJoin) return control_stage_spec(s);
  allow_only({"op", "on", "model", "precision", "variant", "out", "out_bytes", "bytes_per_value",
              "max_batch", "preferred", "max_delay_us", "instances", "batcher_preempt"});
  s.on = required_text("on");
  if (s.op == StageOp::kInfer) s.model = required_text("model");
  s.precision = text("precision", "");
  if (!s.precision.empty() && s.precision != "fp32" && s.precision != "fp16" &&
      s.precision != "int8") {
    fail("precision", "'" + s.precision + "' unknown; use fp32, fp16 or int8");
  }
  s.variant = text("variant", s.op == StageOp::kResize ? "bilinear" : "");
  if (s.op == StageOp::kResize &&
      std::none_of(std::begin(kResizeVariants), std::end(kResizeVariants),
                   [&](const char* v) { return s.variant == v; })) {
    fail("variant",
         "'" + s.variant + "' unknown; use bilinear, area, bilinear_shorter256 or area_shorter256");
  }
  if (s.op == StageOp::kResize || s.op == StageOp::kCrop) {
    size_px("out", s);
  } else if (has("out")) {
    fail("out", "only resize and crop stages take an output size");
  }
  s.out_bytes = integer("out_bytes", s.op == StageOp::kInfer ? 4000 : 0, 0, 1L << 40);
  s.bytes_per_value = static_cast<int>(integer("bytes_per_value", 4, 1, 8));
  s.batching.max_batch = static_cast<int>(integer("max_batch", 1, 1, 1 << 16));
  s.batching.instances = static_cast<int>(integer("instances", 1, 1, 1024));
  s.batching.max_delay_ns = duration_from_ns(real("max_delay_us", 0, 0) * 1e3);
  s.batching.preempt_share = real("batcher_preempt", 1.0, 0.0);
  if (s.batching.preempt_share > 1.0) fail("batcher_preempt", "is a share: at most 1");
  const std::string preferred = text("preferred", "");
  std::istringstream list(preferred);
  std::string item;
  while (std::getline(list, item, ';')) {
    char* end = nullptr;
    const long size = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || size < 1 || size > s.batching.max_batch) {
      fail("preferred", "'" + preferred + "' must be sizes in [1, max_batch] separated by ';'");
    }
    s.batching.preferred.push_back(static_cast<int>(size));
  }
  std::sort(s.batching.preferred.begin(), s.batching.preferred.end());
  for (const char* batching_only : {"preferred", "max_delay_us", "batcher_preempt"}) {
    if (has(batching_only) && s.batching.max_batch == 1) fail(batching_only, "needs max_batch > 1");
  }
  return s;
}

void NodeAttributes::size_px(const std::string& name, StageSpec& s) const {
  const std::string value = required_text(name);
  int w = 0;
  int h = 0;
  char x = 0;
  std::istringstream in(value);
  if (!(in >> w >> x >> h) || x != 'x' || w <= 0 || h <= 0 || !in.eof()) {
    fail(name, "'" + value + "' is not WIDTHxHEIGHT in pixels, e.g. 224x224");
  }
  s.out_width_px = w;
  s.out_height_px = h;
}

StageSpec NodeAttributes::control_stage_spec(StageSpec s) const {
  if (s.op == StageOp::kJoin) {
    allow_only({"op"});
    return s;
  }
  allow_only({"op", "items", "mode", "item"});
  // A child's payload: an RGB box of this size cut from the image (a detected face or object).
  if (has("item")) size_px("item", s);
  s.items = required_text("items");
  try {
    ItemCount::parse(s.items);
  } catch (const std::invalid_argument& e) {
    fail("items", e.what());
  }
  const std::string mode = text("mode", "join");
  if (mode != "join" && mode != "fire_and_forget") {
    fail("mode", "'" + mode + "' unknown; use join or fire_and_forget");
  }
  s.fire_and_forget = mode == "fire_and_forget";
  return s;
}

void check_stage_host(const std::string& origin, const StageSpec& stage, const ResourceSpec& host) {
  auto reject = [&](const char* wanted) {
    throw TopologyError(origin + ": node '" + stage.name + "': attribute 'on': op " +
                        to_string(stage.op) + " runs on " + wanted + ", but '" + host.name +
                        "' is kind=" + to_string(host.kind));
  };
  switch (stage.op) {
    case StageOp::kNetRecv:
    case StageOp::kNetSend:
      if (host.kind != ResourceKind::kNic) reject("a nic");
      break;
    case StageOp::kH2d:
    case StageOp::kD2h:
      if (host.kind != ResourceKind::kLink) reject("a link");
      break;
    case StageOp::kBrokerHop:
      if (host.kind != ResourceKind::kBroker) reject("a broker");
      break;
    default:
      if (host.kind != ResourceKind::kCpu && host.kind != ResourceKind::kGpu) {
        reject("a cpu or a gpu");
      }
  }
  if (stage.batching.max_batch > 1 && host.kind != ResourceKind::kCpu &&
      host.kind != ResourceKind::kGpu) {
    throw TopologyError(origin + ": node '" + stage.name +
                        "': attribute 'max_batch': only stages on a cpu or gpu batch");
  }
}

}  // namespace servesim::sim
