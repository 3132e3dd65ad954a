// SPDX-License-Identifier: Apache-2.0
#include "sim/topology/topology.hpp"

#include <stdexcept>

namespace servesim::sim {

const char* to_string(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kCpu:
      return "cpu";
    case ResourceKind::kGpu:
      return "gpu";
    case ResourceKind::kLink:
      return "link";
    case ResourceKind::kNic:
      return "nic";
    case ResourceKind::kServers:
      return "servers";
    case ResourceKind::kBroker:
      return "broker";
  }
  return "?";
}

const char* to_string(StageOp op) {
  switch (op) {
    case StageOp::kNetRecv:
      return "net_recv";
    case StageOp::kJpegDecode:
      return "jpeg_decode";
    case StageOp::kResize:
      return "resize";
    case StageOp::kCrop:
      return "crop";
    case StageOp::kNormalize:
      return "normalize";
    case StageOp::kH2d:
      return "h2d";
    case StageOp::kInfer:
      return "infer";
    case StageOp::kD2h:
      return "d2h";
    case StageOp::kPostprocess:
      return "postprocess";
    case StageOp::kNetSend:
      return "net_send";
    case StageOp::kFanout:
      return "fanout";
    case StageOp::kBrokerHop:
      return "broker_hop";
    case StageOp::kJoin:
      return "join";
  }
  return "?";
}

const char* to_string(Category category) {
  switch (category) {
    case Category::kNetwork:
      return "network";
    case Category::kQueueing:
      return "queueing";
    case Category::kPreprocessing:
      return "preprocessing";
    case Category::kDataTransfer:
      return "data_transfer";
    case Category::kInference:
      return "inference";
    case Category::kPostprocessing:
      return "postprocessing";
    case Category::kBroker:
      return "broker";
  }
  return "?";
}

Category category_of(StageOp op) {
  switch (op) {
    case StageOp::kNetRecv:
    case StageOp::kNetSend:
      return Category::kNetwork;
    case StageOp::kJpegDecode:
    case StageOp::kResize:
    case StageOp::kCrop:
    case StageOp::kNormalize:
      return Category::kPreprocessing;
    case StageOp::kH2d:
    case StageOp::kD2h:
      return Category::kDataTransfer;
    case StageOp::kInfer:
      return Category::kInference;
    case StageOp::kPostprocess:
      return Category::kPostprocessing;
    case StageOp::kBrokerHop:
      return Category::kBroker;
    case StageOp::kFanout:
    case StageOp::kJoin:
      return Category::kQueueing;  // they take no time of their own
  }
  return Category::kQueueing;
}

const char* to_string(BrokerType type) {
  switch (type) {
    case BrokerType::kRedis:
      return "redis";
    case BrokerType::kKafka:
      return "kafka";
    case BrokerType::kNats:
      return "nats";
  }
  return "?";
}

const char* to_string(RoutePolicy policy) {
  switch (policy) {
    case RoutePolicy::kRoundRobin:
      return "round_robin";
    case RoutePolicy::kLeastOutstanding:
      return "least_outstanding";
    case RoutePolicy::kJoinShortestQueue:
      return "jsq";
  }
  return "?";
}

const ResourceSpec& Topology::resource(const std::string& resource_name) const {
  for (const ResourceSpec& r : resources) {
    if (r.name == resource_name) return r;
  }
  throw std::out_of_range("topology '" + this->name + "': no resource '" + resource_name + "'");
}

std::size_t Topology::join_of(std::size_t fanout_index) const {
  for (std::size_t i = fanout_index + 1; i < stages.size(); ++i) {
    if (stages[i].op == StageOp::kJoin) return i;
  }
  throw std::out_of_range("topology '" + name + "': fanout '" + stages[fanout_index].name +
                          "' has no join");
}

}  // namespace servesim::sim
