// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/sim_time.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace servesim::sim {

/// What a resource node is (topologies/README.md has the vocabulary).
enum class ResourceKind { kCpu, kGpu, kLink, kNic, kServers, kBroker };

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
  kFanout,     // emits K child items per request (no resource, no cost)
  kBrokerHop,  // one message's trip through a broker: publish, store, deliver
  kJoin,       // the parent resumes when its children are done (no resource, no cost)
};

/// Breakdown categories, the same everywhere (docs/design.md "Concepts and names").
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

/// The broker families of topologies/README.md: a single-threaded in-memory server (Redis), a
/// persistent log with producer batching (Kafka), a messaging server with optional persistence
/// (NATS JetStream).
enum class BrokerType { kRedis, kKafka, kNats };
const char* to_string(BrokerType type);

/// A broker node's parameters. Server brokers (Redis, NATS) hold one of `threads` for the
/// message's service time and add the rest of its measured latency holding nothing; Kafka batches
/// per partition and holds a partition leader per batch.
struct BrokerSpec {
  BrokerType type = BrokerType::kRedis;
  std::string mode;  // cost-table variant: redis list|stream|pubsub, nats jetstream|core
  int threads = 1;   // server brokers: threads serving commands
  // Per-operation cost a + b x bytes and the network hop on each side; when op_us is set these
  // replace the cost table (what-if studies and Kafka's published figures).
  double op_us = -1;  // < 0: from the cost table
  double us_per_kib = 0;
  double hop_latency_us = 0;
  // Kafka (docs/public-figures.md §3.2 for the defaults).
  double linger_ms = 5;
  std::int64_t batch_bytes = 16384;
  std::string acks = "all";  // 0 | 1 | all
  double replication_us = 0;
  double poll_ms = 0;  // consumer poll interval; 0 = long poll, delivery as soon as appended
  int partitions = 1;
  int consumers = 1;
};

/// How a router picks among GPUs of a server or among servers behind the load balancer.
enum class RoutePolicy { kRoundRobin, kLeastOutstanding, kJoinShortestQueue };
const char* to_string(RoutePolicy policy);

struct ResourceSpec {
  std::string name;
  ResourceKind kind = ResourceKind::kCpu;
  std::string device;        // cost-table device key (cpu, gpu)
  std::string corun_device;  // cpu: costs when other cores of the pool are busy ('' = device's)
  int cores = 1;             // cpu
  int count = 1;             // gpu: GPUs in the server
  int jpeg_decoders = 0;     // gpu: hardware JPEG decode engines per GPU
  RoutePolicy route = RoutePolicy::kRoundRobin;  // gpu: which GPU a request goes to
  double gbytes_per_s = 0;                       // link, nic
  double latency_us = 0;                         // link, nic
  // nic with a device: the share of its measured network times' variation (in normal scores)
  // common to every message that starts in the same slot, as a stall of the machine delays
  // all of them (docs/findings/2026-11-25-network-stalls.md); 0 = independent draws.
  double noise_share = 0;
  // cpu: the share of a call's service-time variation (in normal scores) common to every call
  // of one worker run (the stages one worker runs back to back for one request): a request that
  // decodes slowly also resizes slowly
  // (docs/findings/2026-12-07-benchmark-warmup-speed-run-share.md); 0 = independent draws.
  double run_share = 0;
  SimDuration noise_slot_ns = 1'000'000;
  bool per_gpu = false;  // link: one per GPU (PCIe)
  int duplex = 2;        // link: 2 = separate H2D and D2H copy engines
  BrokerSpec broker;     // broker
};

/// Triton dynamic batching (docs/measured-formats.md §1.5).
struct BatchingSpec {
  int max_batch = 1;                 // 1 = no batching
  std::vector<int> preferred_batch;  // preferred batch sizes, ascending
  SimDuration max_delay_ns = 0;
  int instances = 1;  // execution instances per GPU (or per server for CPU)
  /// Share of finished calls after which the batcher forms its next batch before the call's items
  /// move on (1: always, the order a batcher on its own idle core gives). On a CPU server the
  /// batcher's thread is woken by the worker that ran the call; woken on that worker's core it
  /// preempts it and its batch queues ahead of the items' next stage, woken on another core it
  /// comes after them (docs/findings/2026-11-25-batch-order.md).
  double batch_first_share = 1.0;
};

struct StageSpec {
  std::string name;
  StageOp op = StageOp::kNetRecv;
  std::string on;         // resource node name ('' for fanout and join)
  std::string model;      // infer
  std::string precision;  // infer: fp32 | fp16 | int8 ('' = whatever the table has)
  std::string variant;    // resize: bilinear | area | *_shorter256
  int out_width_px = 0;   // resize, crop; fanout: each child's box (0 = the parent's payload)
  int out_height_px = 0;
  std::int64_t out_bytes = 0;  // infer: output bytes per item; postprocess/net_send: reply
  int bytes_per_value = 4;     // normalize: 4 = fp32 tensor, 2 = fp16
  BatchingSpec batching;
  std::string items_per_request;  // fanout: K, "fixed:2" | "poisson:1.5" | "empirical:..."
  bool fire_and_forget = false;   // fanout: the parent goes on without waiting for its children
};

/// Replication of the whole server behind a load balancer.
struct ServersSpec {
  int count = 1;
  int max_inflight = 0;                          // per-server concurrency cap; 0 = none
  RoutePolicy route = RoutePolicy::kRoundRobin;  // which server a request goes to
};

/// A server design read from a DOT file: resources, stages in execution order, replication.
struct Topology {
  std::string name;
  std::string source_path;
  std::vector<ResourceSpec> resources;
  std::vector<StageSpec> stages;
  ServersSpec servers;

  const ResourceSpec& resource(const std::string& resource_name) const;
  /// Index of the join closing the fan-out at `fanout_index`.
  std::size_t join_of(std::size_t fanout_index) const;
};

}  // namespace servesim::sim
