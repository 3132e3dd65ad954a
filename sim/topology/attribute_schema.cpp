// SPDX-License-Identifier: Apache-2.0
#include "sim/topology/attribute_schema.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace servesim::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

using Classes = std::vector<std::string>;
const Classes kResourceKinds = {"cpu", "gpu", "link", "nic", "servers"};
const Classes kBrokerTypes = {"redis", "nats", "kafka"};
const Classes kAllOps = {"net_recv", "jpeg_decode", "resize", "crop",        "normalize",
                         "h2d",      "infer",       "d2h",    "postprocess", "net_send",
                         "fanout",   "broker_hop",  "join"};

/// The ops that run on a resource (every op but fanout and join).
Classes resource_ops() {
  Classes ops;
  for (const std::string& op : kAllOps) {
    if (op != "fanout" && op != "join") ops.push_back(op);
  }
  return ops;
}
/// resource_ops() without `op`.
Classes resource_ops_but(const std::string& op) {
  Classes ops = resource_ops();
  ops.erase(std::remove(ops.begin(), ops.end(), op), ops.end());
  return ops;
}

AttributeRange closed(double min, double max) { return {min, max, false, false}; }
AttributeRange at_least(double min) { return {min, kInf, false, true}; }
AttributeRange above(double min) { return {min, kInf, true, true}; }
/// A share of normal scores common to several draws: 1 would make them one draw.
AttributeRange share_below_one() { return {0, 1, false, true}; }

AttributeRow text(std::string name, Classes applies_to, std::string default_value,
                  std::string meaning) {
  AttributeRow r;
  r.name = std::move(name);
  r.applies_to = std::move(applies_to);
  r.type = AttributeType::kText;
  r.default_value = std::move(default_value);
  r.meaning = std::move(meaning);
  return r;
}
AttributeRow choice(std::string name, Classes applies_to, Classes choices,
                    std::string default_value, std::string meaning) {
  AttributeRow r =
      text(std::move(name), std::move(applies_to), std::move(default_value), std::move(meaning));
  r.type = AttributeType::kChoice;
  r.choices = std::move(choices);
  return r;
}
AttributeRow whole(std::string name, Classes applies_to, std::string unit, AttributeRange range,
                   std::string default_value, std::string meaning) {
  AttributeRow r =
      text(std::move(name), std::move(applies_to), std::move(default_value), std::move(meaning));
  r.type = AttributeType::kWholeNumber;
  r.unit = std::move(unit);
  r.range = range;
  return r;
}
AttributeRow number(std::string name, Classes applies_to, std::string unit, AttributeRange range,
                    std::string default_value, std::string meaning) {
  AttributeRow r = whole(std::move(name), std::move(applies_to), std::move(unit), range,
                         std::move(default_value), std::move(meaning));
  r.type = AttributeType::kNumber;
  return r;
}
AttributeRow typed(std::string name, Classes applies_to, AttributeType type, std::string unit,
                   std::string meaning) {
  AttributeRow r = text(std::move(name), std::move(applies_to), "", std::move(meaning));
  r.type = type;
  r.unit = std::move(unit);
  return r;
}
AttributeRow required(AttributeRow r) {
  r.required = true;
  return r;
}
AttributeRow noted(AttributeRow r, std::string note) {
  r.default_note = std::move(note);
  return r;
}

const Classes kRoutes = {"round_robin", "least_outstanding", "jsq"};

std::vector<AttributeRow> build_schema() {
  Classes every_kind = {"cpu", "gpu", "link", "nic", "servers", "broker", "stage"};
  return {
      // Every node.
      required(choice("kind", {"*"}, every_kind, "",
                      "what the node is: a resource, a stage or "
                      "the server's replication")),
      // Resources.
      required(whole("cores", {"cpu"}, "cores", closed(1, 4096), "",
                     "cores of the pool, shared by every CPU stage, FIFO")),
      text("device", {"cpu"}, "cpu", "cost-table device of the pool's calls"),
      noted(text("corun_device", {"cpu"}, "",
                 "cost-table device of a call that starts while "
                 "another core of the pool is busy"),
            "the calls cost as alone"),
      noted(number("run_share", {"cpu"}, "", share_below_one(), "0",
                   "share of a call's service-time draw (a normal score) common to every call "
                   "of its worker run"),
            "independent draws"),
      required(text("device", {"gpu"}, "", "cost-table device of the GPU")),
      whole("count", {"gpu"}, "GPUs", closed(1, 1024), "1",
            "GPUs per server, each with one compute engine"),
      whole("jpeg_decoders", {"gpu"}, "engines", closed(0, 64), "0",
            "hardware JPEG decode engines per GPU"),
      choice("route", {"gpu"}, kRoutes, "round_robin",
             "which GPU a request goes to (jsq: the shortest queue); it stays there"),
      required(
          number("gbytes_per_s", {"link"}, "GB/s", above(0), "", "bandwidth of each copy engine")),
      number("latency_us", {"link", "nic"}, "us", at_least(0), "0",
             "fixed time after each transfer, holding nothing"),
      noted(choice("per", {"link"}, {"gpu"}, "", "per=gpu: one link per GPU (PCIe)"),
            "one link per server"),
      whole("duplex", {"link"}, "copy engines", closed(1, 2), "2",
            "2 = separate H2D and D2H copy engines, 1 = one for both"),
      required(number("gbits_per_s", {"nic"}, "Gbit/s", above(0), "",
                      "line rate of each direction (one receive, one transmit)")),
      noted(text("device", {"nic"}, "",
                 "cost-table device whose net_recv / net_send rows give the latency instead of "
                 "latency_us"),
            "latency_us"),
      noted(number("noise_share", {"nic"}, "", share_below_one(), "0",
                   "share of the measured network draws' normal score common to every message "
                   "starting in one noise_slot_us (needs device)"),
            "independent draws"),
      number("noise_slot_us", {"nic"}, "us", at_least(1), "1000",
             "length of the slots within which noise_share shares a draw"),
      required(whole("count", {"servers"}, "servers", closed(1, 100000), "",
                     "server replicas behind the load balancer")),
      noted(whole("max_inflight", {"servers"}, "requests", closed(0, 1 << 30), "0",
                  "requests in flight per server; more wait at the balancer"),
            "no cap"),
      choice("route", {"servers"}, kRoutes, "round_robin", "which server a request goes to"),
      // Brokers.
      required(choice("type", kBrokerTypes, kBrokerTypes, "", "the broker family")),
      noted(text("device", kBrokerTypes, "",
                 "cost-table device whose broker rows give the costs (redis and nats need it "
                 "unless op_us is set)"),
            "op_us and the rest"),
      choice("mode", {"redis"}, {"list", "stream", "pubsub"}, "list",
             "the Redis structure the messages go through (the cost-table variant)"),
      choice("mode", {"nats"}, {"jetstream", "core"}, "jetstream",
             "NATS with persistence or without (the cost-table variant)"),
      whole("threads", {"redis", "nats"}, "threads", closed(1, 1024), "1",
            "threads serving commands"),
      noted(number("op_us", {"redis", "nats"}, "us", at_least(0), "",
                   "time a of a + b x KiB per operation; set, it replaces the cost table"),
            "the cost table"),
      number("us_per_kib", {"redis", "nats"}, "us/KiB", at_least(0), "0",
             "time b of a + b x KiB per operation (needs op_us)"),
      number("hop_latency_us", {"redis", "nats"}, "us", at_least(0), "0",
             "network hop on each side of the broker (needs op_us)"),
      number("linger_ms", {"kafka"}, "ms", at_least(0), "5",
             "how long a producer batch waits for more records after its first"),
      whole("batch_bytes", {"kafka"}, "bytes", closed(1, 2147483648.0), "16384",
            "producer batch size that leaves at once"),
      choice("acks", {"kafka"}, {"0", "1", "all"}, "all",
             "acknowledgement the producer waits for; all waits replication_us"),
      whole("partitions", {"kafka"}, "partitions", closed(1, 100000), "1",
            "partitions of the topic, one producer batch each"),
      whole("consumers", {"kafka"}, "consumers", closed(1, 100000), "1",
            "consumers; min(consumers, partitions) copy messages out"),
      noted(number("poll_ms", {"kafka"}, "ms", at_least(0), "0",
                   "consumer poll period; delivery at the next tick"),
            "long poll: as soon as appended"),
      number("op_us", {"kafka"}, "us", at_least(0), "80",
             "time a partition leader holds per append, besides us_per_kib"),
      number("us_per_kib", {"kafka"}, "us/KiB", at_least(0), "12.5",
             "time per KiB appended, and per KiB a consumer copies"),
      number("hop_latency_us", {"kafka"}, "us", at_least(0), "400",
             "network hop from producer to broker and from broker to consumer"),
      number("replication_us", {"kafka"}, "us", at_least(0), "1000",
             "wait for the replicas when acks=all"),
      // Stages.
      required(choice("op", kAllOps, kAllOps, "", "what the stage does; decides its cost")),
      required(typed("on", resource_ops(), AttributeType::kNodeName, "",
                     "the resource node the stage runs on")),
      required(text("model", {"infer"}, "", "cost-table model: the network")),
      noted(text("model", resource_ops_but("infer"), "", "cost-table model, where rows name one"),
            "rows without a model"),
      noted(
          choice("precision", resource_ops(), {"fp32", "fp16", "int8"}, "", "cost-table precision"),
          "the table's only one"),
      choice("variant", {"resize"}, {"bilinear", "area", "bilinear_shorter256", "area_shorter256"},
             "bilinear",
             "resize method; the `*_shorter256` ones scale the shorter side to 256, then crop the "
             "centre"),
      noted(text("variant", resource_ops_but("resize"), "", "cost-table variant"),
            "rows without a variant"),
      required(typed("out_px", {"resize", "crop"}, AttributeType::kSizePx, "px",
                     "output size, WIDTHxHEIGHT")),
      whole("out_bytes", {"infer"}, "bytes", closed(0, 1099511627776.0), "4000",
            "output bytes per item"),
      noted(whole("out_bytes", resource_ops_but("infer"), "bytes", closed(0, 1099511627776.0), "0",
                  "bytes the stage leaves as the payload (postprocess, net_send: the reply)"),
            "the payload as it came"),
      whole("bytes_per_value", resource_ops(), "bytes", closed(1, 8), "4",
            "normalize: bytes per tensor value (4 = fp32, 2 = fp16)"),
      noted(whole("max_batch", resource_ops(), "items", closed(1, 65536), "1",
                  "largest batch (Triton dynamic batching)"),
            "no batching"),
      noted(typed("preferred_batch", resource_ops(), AttributeType::kBatchSizes, "items",
                  "batch sizes the batcher sends at once when it has them (needs max_batch > 1)"),
            "max_batch only"),
      number("max_delay_us", resource_ops(), "us", at_least(0), "0",
             "longest a batch waits for more items (needs max_batch > 1)"),
      whole("instances", resource_ops(), "instances", closed(1, 1024), "1",
            "execution instances per GPU (per server on a cpu)"),
      noted(number("batch_first_share", resource_ops(), "", closed(0, 1), "1",
                   "share of calls ending with a batch ready after which the batch goes before "
                   "the items' next stage (needs max_batch > 1)"),
            "always, as a batcher with a core of its own"),
      required(typed("items_per_request", {"fanout"}, AttributeType::kItemCount, "items",
                     "children per request, drawn from the stream fanout")),
      noted(typed("item_px", {"fanout"}, AttributeType::kSizePx, "px",
                  "each child's payload: an RGB box of this size, WIDTHxHEIGHT"),
            "the parent's payload"),
      choice("mode", {"fanout"}, {"join", "fire_and_forget"}, "join",
             "join: the parent waits for its children; fire_and_forget: it goes on at once"),
  };
}

bool group_holds(const Classes& group, const std::string& node_class) {
  return std::find(group.begin(), group.end(), node_class) != group.end();
}

std::string code(const std::string& text) { return "`" + text + "`"; }

std::string joined(const Classes& items, const std::string& separator, bool as_code) {
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : separator) + (as_code ? code(item) : item);
  }
  return out;
}

std::string bound_text(double value) {
  if (std::isinf(value)) return "inf";
  // Large whole bounds read better as powers of two.
  const double log2 = std::log2(value);
  if (value >= 1 << 20 && log2 == std::floor(log2)) return "2^" + std::to_string(int(log2));
  std::ostringstream out;
  out << value;
  return out.str();
}

/// A row's classes as the table shows them: all, a list, or all but a few.
std::string applies_text(const AttributeRow& row, const Classes& group) {
  if (row.applies_to.size() == group.size()) return "all";
  // Few classes, or few of many: list them; most of many: name the rest.
  if (group.size() <= 5 || row.applies_to.size() * 2 <= group.size()) {
    return joined(row.applies_to, ", ", true);
  }
  Classes missing;
  for (const std::string& c : group) {
    if (!row.applies(c)) missing.push_back(c);
  }
  return "all but " + joined(missing, ", ", true);
}

std::string type_text(const AttributeRow& row) {
  switch (row.type) {
    case AttributeType::kText:
      return "text";
    case AttributeType::kChoice:
      return joined(row.choices, ", ", true);
    case AttributeType::kWholeNumber:
      return "whole number";
    case AttributeType::kNumber:
      return "number";
    case AttributeType::kSizePx:
      return code("WxH");
    case AttributeType::kBatchSizes:
      return code("N;N;...");
    case AttributeType::kItemCount:
      return code("fixed:K") + ", " + code("poisson:MEAN") + ", " + code("empirical:K1:P1,...");
    case AttributeType::kNodeName:
      return "node name";
  }
  return "";
}

std::string default_text(const AttributeRow& row) {
  if (row.required) return "required";
  if (row.default_value.empty()) {
    return row.default_note.empty() ? "none" : "none (" + row.default_note + ")";
  }
  return code(row.default_value) + (row.default_note.empty() ? "" : " (" + row.default_note + ")");
}

void table(std::ostringstream& out, const std::string& title, const std::string& class_column,
           const Classes& group) {
  out << "\n### " << title << "\n\n";
  out << "| attribute | " << class_column
      << " | value | range | unit | default | meaning |\n|---|---|---|---|---|---|---|\n";
  for (const AttributeRow& row : attribute_schema()) {
    const std::string& first = row.applies_to.front();
    if (!group_holds(group, first) && !(first == "*" && &group == &kResourceKinds)) continue;
    const bool ranged =
        row.type == AttributeType::kWholeNumber || row.type == AttributeType::kNumber;
    out << "| " << code(row.name) << " | "
        << (first == "*" ? "every node" : applies_text(row, group)) << " | " << type_text(row)
        << " | " << (ranged ? row.range.text() : "") << " | " << row.unit << " | "
        << default_text(row) << " | " << row.meaning << " |\n";
  }
}

}  // namespace

bool AttributeRange::contains(double value) const {
  const bool above_min = min_open ? value > min : value >= min;
  const bool below_max = std::isinf(max) || (max_open ? value < max : value <= max);
  return above_min && below_max;
}

std::string AttributeRange::text() const {
  return std::string(min_open ? "(" : "[") + bound_text(min) + ", " + bound_text(max) +
         (max_open ? ")" : "]");
}

bool AttributeRow::applies(const std::string& node_class) const {
  return group_holds(applies_to, "*") || group_holds(applies_to, node_class);
}

const std::vector<AttributeRow>& attribute_schema() {
  static const std::vector<AttributeRow> schema = build_schema();
  return schema;
}

const std::vector<RenamedAttribute>& renamed_attributes() {
  // Issue 23: one name for one idea, units in names.
  static const std::vector<RenamedAttribute> renamed = {
      {"batcher_preempt", "batch_first_share"},  // the testbed's measured metric's name
      {"policy", "route"},                       // as a gpu's route: the same choice
      {"out", "out_px"},
      {"item", "item_px"},
      {"items", "items_per_request"},  // as the JSON's fanout.items_per_request
      {"preferred", "preferred_batch"},
  };
  return renamed;
}

const AttributeRow* find_attribute(const std::string& name, const std::string& node_class) {
  for (const AttributeRow& row : attribute_schema()) {
    if (row.name == name && row.applies(node_class)) return &row;
  }
  return nullptr;
}

std::vector<std::string> attribute_names(const std::string& node_class) {
  std::vector<std::string> names;
  for (const AttributeRow& row : attribute_schema()) {
    if (row.applies(node_class) && !group_holds(names, row.name)) names.push_back(row.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> node_classes(const std::string& kind) {
  if (kind == "broker") return kBrokerTypes;
  if (kind == "stage") return kAllOps;
  if (group_holds(kResourceKinds, kind)) return {kind};
  throw std::invalid_argument("no node kind '" + kind + "'");
}

std::string attribute_tables_markdown() {
  std::ostringstream out;
  out << kSchemaBegin << "\n";
  table(out, "Resource attributes", "kind", kResourceKinds);
  table(out, "Broker attributes (kind=broker)", "type", kBrokerTypes);
  table(out, "Stage attributes (kind=stage)", "op", kAllOps);
  out << "\n" << kSchemaEnd << "\n";
  return out.str();
}

std::string with_attribute_tables(const std::string& readme) {
  const auto begin = readme.find(kSchemaBegin);
  const std::string end_marker = std::string(kSchemaEnd) + "\n";
  const auto end = readme.find(end_marker);
  if (begin == std::string::npos || end == std::string::npos || end < begin) {
    throw std::invalid_argument(std::string("no '") + kSchemaBegin + "' ... '" + kSchemaEnd +
                                "' region to replace");
  }
  return readme.substr(0, begin) + attribute_tables_markdown() +
         readme.substr(end + end_marker.size());
}

}  // namespace servesim::sim
