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
  if (kind_ == "broker") {
    node_class_ = required_text("type");
    if (node_class_ != "redis" && node_class_ != "kafka" && node_class_ != "nats") {
      fail("type", "unknown broker type '" + node_class_ + "'; use redis, kafka or nats");
    }
  } else if (kind_ == "stage") {
    node_class_ = required_text("op");
    if (std::none_of(std::begin(kOps), std::end(kOps),
                     [&](const OpName& o) { return node_class_ == o.name; })) {
      fail("op", "unknown op '" + node_class_ + "'; use one of " + op_list());
    }
  } else {
    node_class_ = kind_;
  }
}

void NodeAttributes::fail(const std::string& attribute, const std::string& reason) const {
  throw TopologyError(origin_ + ": node '" + node_ + "': attribute '" + attribute + "': " + reason);
}

void NodeAttributes::check_against_schema() const {
  for (const auto& [name, value] : attributes_) {
    if (std::any_of(std::begin(kCosmetic), std::end(kCosmetic),
                    [&](const char* n) { return name == n; })) {
      continue;
    }
    const AttributeRow* found = find_attribute(name, node_class_);
    if (found == nullptr) fail_unknown(name, value);
    check_value(*found, value);
  }
  for (const AttributeRow& r : attribute_schema()) {
    if (r.required && r.applies(node_class_)) required_text(r.name);
  }
}

void NodeAttributes::fail_unknown(const std::string& name, const std::string& value) const {
  const std::string node_class = kind_ == "broker"  ? " type=" + node_class_
                                 : kind_ == "stage" ? " op=" + node_class_
                                                    : "";
  for (const RenamedAttribute& renamed : renamed_attributes()) {
    if (renamed.old_name == name && find_attribute(renamed.new_name, node_class_) != nullptr) {
      fail(name, "renamed to '" + renamed.new_name + "' (same meaning and values); write " +
                     renamed.new_name + "=" + value);
    }
  }
  std::string allowed;
  for (const std::string& n : attribute_names(node_class_)) {
    allowed += (allowed.empty() ? "" : ", ") + n;
  }
  fail(name, "not an attribute of kind=" + kind_ + node_class + " (allowed: " + allowed + ")");
}

void NodeAttributes::check_value(const AttributeRow& r, const std::string& value) const {
  const std::string& name = r.name;
  switch (r.type) {
    case AttributeType::kText:
    case AttributeType::kNodeName:
    case AttributeType::kBatchSizes:  // the stage checks them against max_batch
    case AttributeType::kItemCount:   // the stage parses it
      return;
    case AttributeType::kChoice: {
      // An empty value is "none", which only an attribute without a default may be.
      if (value.empty() && r.default_value.empty()) return;
      if (std::find(r.choices.begin(), r.choices.end(), value) != r.choices.end()) return;
      std::string list;
      for (std::size_t i = 0; i < r.choices.size(); ++i) {
        list += (i == 0 ? "" : i + 1 == r.choices.size() ? " or " : ", ") + r.choices[i];
      }
      fail(name, "'" + value + "' unknown; use " + list);
    }
    case AttributeType::kWholeNumber: {
      char* end = nullptr;
      errno = 0;
      const long parsed = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || errno != 0) {
        fail(name, "'" + value + "' is not a whole number");
      }
      if (!r.range.contains(static_cast<double>(parsed))) {
        fail(name, std::to_string(parsed) + " is out of range " + r.range.text());
      }
      return;
    }
    case AttributeType::kNumber: {
      char* end = nullptr;
      const double parsed = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !std::isfinite(parsed)) {
        fail(name, "'" + value + "' is not a number");
      }
      if (!r.range.contains(parsed)) fail(name, value + " is out of range " + r.range.text());
      return;
    }
    case AttributeType::kSizePx: {
      int w = 0;
      int h = 0;
      char x = 0;
      std::istringstream in(value);
      if (!(in >> w >> x >> h) || x != 'x' || w <= 0 || h <= 0 || !in.eof()) {
        fail(name, "'" + value + "' is not WIDTHxHEIGHT in pixels, e.g. 224x224");
      }
      return;
    }
  }
}

const AttributeRow& NodeAttributes::row(const std::string& name) const {
  const AttributeRow* found = find_attribute(name, node_class_);
  if (found == nullptr) {
    throw std::logic_error("attribute schema: no row '" + name + "' for " + node_class_);
  }
  return *found;
}

std::string NodeAttributes::text(const std::string& name) const {
  auto it = attributes_.find(name);
  return it == attributes_.end() ? row(name).default_value : it->second;
}

std::string NodeAttributes::required_text(const std::string& name) const {
  auto it = attributes_.find(name);
  if (it == attributes_.end() || it->second.empty()) {
    const AttributeRow* r = node_class_.empty() ? nullptr : find_attribute(name, node_class_);
    fail(name, "missing (required)" + (r == nullptr ? "" : ": " + r->meaning));
  }
  return it->second;
}

// Values were checked against the schema before the spec reads them.
long NodeAttributes::integer(const std::string& name) const {
  return std::strtol(text(name).c_str(), nullptr, 10);
}

double NodeAttributes::real(const std::string& name) const {
  return std::strtod(text(name).c_str(), nullptr);
}

std::optional<double> NodeAttributes::optional_real(const std::string& name) const {
  if (!has(name) && row(name).default_value.empty()) return std::nullopt;
  return real(name);
}

RoutePolicy NodeAttributes::route(const std::string& name) const {
  const std::string value = text(name);
  if (value == "least_outstanding") return RoutePolicy::kLeastOutstanding;
  if (value == "jsq") return RoutePolicy::kJoinShortestQueue;
  return RoutePolicy::kRoundRobin;
}

ResourceSpec NodeAttributes::resource_spec() const {
  ResourceSpec r;
  r.name = node_;
  if (kind_ != "broker" && kind_ != "stage" && kind_ != "servers") check_against_schema();
  if (kind_ == "cpu") {
    r.kind = ResourceKind::kCpu;
    r.device = text("device");
    r.corun_device = text("corun_device");
    r.run_share = real("run_share");
    r.cores = static_cast<int>(integer("cores"));
  } else if (kind_ == "gpu") {
    r.kind = ResourceKind::kGpu;
    r.device = text("device");
    r.count = static_cast<int>(integer("count"));
    r.jpeg_decoders = static_cast<int>(integer("jpeg_decoders"));
    r.route = route("route");
  } else if (kind_ == "link") {
    r.kind = ResourceKind::kLink;
    r.gbytes_per_s = real("gbytes_per_s");
    r.latency_us = real("latency_us");
    r.per_gpu = text("per") == "gpu";
    r.duplex = static_cast<int>(integer("duplex"));
  } else if (kind_ == "nic") {
    r.kind = ResourceKind::kNic;
    r.gbytes_per_s = real("gbits_per_s") / 8;
    r.latency_us = real("latency_us");
    // Optional: a cost-table device whose net_recv / net_send rows (measured in situ) give the
    // stages' latency instead of latency_us.
    r.device = text("device");
    r.noise_share = real("noise_share");
    if (r.noise_share > 0 && r.device.empty()) {
      fail("noise_share",
           "needs device: it shares the measured network times' draws, and without a device "
           "the nic's latency is the fixed latency_us");
    }
    r.noise_slot_ns = duration_from_ns(real("noise_slot_us") * 1e3);
  } else if (kind_ == "broker") {
    r.kind = ResourceKind::kBroker;
    r.broker = broker_spec();
    r.device = text("device");
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
  check_against_schema();
  BrokerSpec b;
  if (node_class_ == "redis" || node_class_ == "nats") {
    b.type = node_class_ == "redis" ? BrokerType::kRedis : BrokerType::kNats;
    b.mode = text("mode");
    b.threads = static_cast<int>(integer("threads"));
  } else {
    b.type = BrokerType::kKafka;
    // Defaults (the schema's): docs/public-figures.md §3.1 (Kreps 2014, 3 brokers) and 3.2;
    // see topologies/README.md for how each is derived.
    b.linger_ms = real("linger_ms");
    b.batch_bytes = integer("batch_bytes");
    b.acks = text("acks");
    b.poll_ms = real("poll_ms");
    b.partitions = static_cast<int>(integer("partitions"));
    b.consumers = static_cast<int>(integer("consumers"));
    b.replication_us = real("replication_us");
  }
  b.op_us = optional_real("op_us").value_or(-1);
  b.us_per_kib = real("us_per_kib");
  b.hop_latency_us = real("hop_latency_us");
  if (b.type != BrokerType::kKafka && b.op_us < 0 && (has("us_per_kib") || has("hop_latency_us"))) {
    fail(has("us_per_kib") ? "us_per_kib" : "hop_latency_us",
         "needs op_us as well (together they replace the cost table)");
  }
  return b;
}

ServersSpec NodeAttributes::servers_spec() const {
  check_against_schema();
  ServersSpec s;
  s.count = static_cast<int>(integer("count"));
  s.max_inflight = static_cast<int>(integer("max_inflight"));
  s.route = route("route");
  return s;
}

StageSpec NodeAttributes::stage_spec() const {
  StageSpec s;
  s.name = node_;
  s.op = std::find_if(std::begin(kOps), std::end(kOps), [&](const OpName& o) {
           return node_class_ == o.name;
         })->op;
  check_against_schema();
  if (s.op == StageOp::kFanout || s.op == StageOp::kJoin) return control_stage_spec(s);
  s.on = text("on");
  s.model = text("model");
  s.precision = text("precision");
  s.variant = text("variant");
  if (s.op == StageOp::kResize || s.op == StageOp::kCrop) size_px("out_px", s);
  s.out_bytes = integer("out_bytes");
  s.bytes_per_value = static_cast<int>(integer("bytes_per_value"));
  s.batching.max_batch = static_cast<int>(integer("max_batch"));
  s.batching.instances = static_cast<int>(integer("instances"));
  s.batching.max_delay_ns = duration_from_ns(real("max_delay_us") * 1e3);
  s.batching.batch_first_share = real("batch_first_share");
  const std::string preferred = text("preferred_batch");
  std::istringstream list(preferred);
  std::string item;
  while (std::getline(list, item, ';')) {
    char* end = nullptr;
    const long size = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || size < 1 || size > s.batching.max_batch) {
      fail("preferred_batch",
           "'" + preferred + "' must be sizes in [1, max_batch] separated by ';'");
    }
    s.batching.preferred_batch.push_back(static_cast<int>(size));
  }
  std::sort(s.batching.preferred_batch.begin(), s.batching.preferred_batch.end());
  for (const char* batching_only : {"preferred_batch", "max_delay_us", "batch_first_share"}) {
    if (has(batching_only) && s.batching.max_batch == 1) fail(batching_only, "needs max_batch > 1");
  }
  return s;
}

void NodeAttributes::size_px(const std::string& name, StageSpec& s) const {
  int w = 0;
  int h = 0;
  char x = 0;
  std::istringstream in(required_text(name));  // checked against the schema before
  in >> w >> x >> h;
  s.out_width_px = w;
  s.out_height_px = h;
}

StageSpec NodeAttributes::control_stage_spec(StageSpec s) const {
  if (s.op == StageOp::kJoin) return s;
  // A child's payload: an RGB box of this size cut from the image (a detected face or object).
  if (has("item_px")) size_px("item_px", s);
  s.items_per_request = text("items_per_request");
  try {
    ItemCount::parse(s.items_per_request);
  } catch (const std::invalid_argument& e) {
    fail("items_per_request", e.what());
  }
  s.fire_and_forget = text("mode") == "fire_and_forget";
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
