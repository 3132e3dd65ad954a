// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/sim_time.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace servesim::sim {

/// What a resource node is (topologies/README.md has the vocabulary).
enum class ResourceKind { kCpu, kGpu, kLink, kNic, kServers };

/// The operation a stage performs; decides its cost source and breakdown category.
enum class StageOp {
  kNetRecv,
  kJpegDecode,
  kResize,
  kCrop,
  kNormalize,
  kH2d,
  kInfer,
  kD2h,
  kPostprocess,
  kNetSend,
};

/// Breakdown categories, the same everywhere (design.md).
enum class Category {
  kNetwork,
  kQueueing,
  kPreprocessing,
  kDataTransfer,
  kInference,
  kPostprocessing,
  kBroker,
};
inline constexpr int kCategoryCount = 7;

const char* to_string(ResourceKind kind);
const char* to_string(StageOp op);
const char* to_string(Category category);
Category category_of(StageOp op);

/// How a router picks among GPUs of a server or among servers behind the load balancer.
enum class RoutePolicy { kRoundRobin, kLeastOutstanding, kJoinShortestQueue };
const char* to_string(RoutePolicy policy);

struct ResourceSpec {
  std::string name;
  ResourceKind kind = ResourceKind::kCpu;
  std::string device;                            // cost-table device key (cpu, gpu)
  int cores = 1;                                 // cpu
  int count = 1;                                 // gpu: GPUs in the server
  int jpeg_decoders = 0;                         // gpu: hardware JPEG decode engines per GPU
  RoutePolicy route = RoutePolicy::kRoundRobin;  // gpu: which GPU a request goes to
  double gbytes_per_s = 0;                       // link, nic
  double latency_us = 0;                         // link, nic
  bool per_gpu = false;                          // link: one per GPU (PCIe)
  int duplex = 2;                                // link: 2 = separate H2D and D2H copy engines
};

/// Triton dynamic batching (reference/public-numbers.md 1.5).
struct BatchingSpec {
  int max_batch = 1;           // 1 = no batching
  std::vector<int> preferred;  // preferred batch sizes, ascending
  SimDuration max_delay_ns = 0;
  int instances = 1;  // execution instances per GPU (or per server for CPU)
};

struct StageSpec {
  std::string name;
  StageOp op = StageOp::kNetRecv;
  std::string on;         // resource node name
  std::string model;      // infer
  std::string precision;  // infer: fp32 | fp16 | int8 ('' = whatever the table has)
  std::string variant;    // resize: bilinear | area
  int out_width_px = 0;   // resize, crop
  int out_height_px = 0;
  std::int64_t out_bytes = 0;  // infer: output bytes per item; postprocess/net_send: reply
  int bytes_per_value = 4;     // normalize: 4 = fp32 tensor, 2 = fp16
  BatchingSpec batching;
};

/// Replication of the whole server behind a load balancer.
struct ServersSpec {
  int count = 1;
  int max_inflight = 0;  // per-server concurrency cap; 0 = none
  RoutePolicy policy = RoutePolicy::kRoundRobin;
};

/// A server design read from a DOT file: resources, stages in execution order, replication.
struct Topology {
  std::string name;
  std::string source_path;
  std::vector<ResourceSpec> resources;
  std::vector<StageSpec> stages;
  ServersSpec servers;

  const ResourceSpec& resource(const std::string& resource_name) const;
};

}  // namespace servesim::sim
