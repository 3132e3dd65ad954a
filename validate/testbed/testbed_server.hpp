// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/brokers/broker_server.hpp"
#include "sim/random/rng_stream.hpp"
#include "sim/store/run_result.hpp"
#include "sim/topology/topology.hpp"
#include "sim/workload/item_count.hpp"

#include "validate/testbed/cpu_worker_pool.hpp"
#include "validate/testbed/dynamic_batcher.hpp"
#include "validate/testbed/redis_hop.hpp"
#include "validate/testbed/server_request.hpp"
#include "validate/testbed/testbed_plan.hpp"
#include "validate/testbed/worker_kernels.hpp"
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace servesim::validate {

/// The live server of a topology, as threads of the calling process: a TCP listener on
/// 127.0.0.1 (ephemeral port), one reader thread per connection (net_recv), the cpu pool's
/// worker threads (preprocessing back to back, inference batches, postprocessing), one dynamic
/// batcher per batched infer stage, replies written by the worker that finishes a request
/// (net_send). Fan-outs create child items that run the stages up to the join on their own; a
/// broker_hop is a real Redis list (redis-server started on loopback, LPUSH by the producer,
/// BRPOP by a consumer thread). Every stage of every request and child is timestamped with
/// CLOCK_MONOTONIC.
class TestbedServer {
 public:
  /// Builds and warms up every worker's models, binds the listener. Starts no thread.
  TestbedServer(const sim::Topology& topology, const TestbedPlan& plan, std::uint64_t seed);
  ~TestbedServer();
  TestbedServer(const TestbedServer&) = delete;
  TestbedServer& operator=(const TestbedServer&) = delete;

  int port() const { return port_; }
  void start();
  /// Closes the listener and every connection, stops batchers and workers, joins every thread;
  /// requests still inside are dropped. Idempotent.
  void stop();

  /// Stage records of every finished request and child item (absolute CLOCK_MONOTONIC ns), in
  /// finish order. net_recv has only its end (enter and start are the client's send, known to
  /// the client). Child items have ids from kChildIdBase up.
  std::vector<sim::RequestStageRecord> take_stage_records();
  /// A finished child item of a fan-out: its id, its parent's (the client's request id) and
  /// when it reached the join (absolute ns).
  struct ChildItem {
    std::uint64_t child_id;
    std::uint64_t parent_id;
    std::int64_t done_ns;
  };
  std::vector<ChildItem> take_child_items();
  static constexpr std::uint64_t kChildIdBase = 1ULL << 40;
  /// pid of the Redis server the testbed started (-1 when the topology has no broker).
  pid_t broker_pid() const;
  std::uint64_t finished_requests() const;
  /// The first error a connection or a stage raised ("" when none): a failed run says why.
  std::string first_error() const;

 private:
  void accept_loop();
  void read_loop(std::shared_ptr<ServerConnection> connection);
  /// Moves a request on from its cursor: runs cpu stages inline when on a worker, else queues
  /// them; hands batched stages to their batcher; writes the reply at net_send.
  void advance(ServerRequest* request, int worker, std::int64_t enter_ns);
  void run_batch(std::size_t stage, const std::vector<ServerRequest*>& batch, int worker);
  void send_reply(ServerRequest* request, std::int64_t enter_ns);
  void finish(ServerRequest* request);
  /// Creates the request's children (K drawn from the stage's item count) and hands them on;
  /// true when the parent goes on at once (no children, or fire-and-forget).
  bool fan_out(ServerRequest* request, std::size_t stage, std::int64_t now_ns);
  /// A child reached its join: it is done; the last one resumes its parent.
  void child_done(ServerRequest* child, std::int64_t now_ns);
  void publish(ServerRequest* child, std::size_t stage, std::int64_t enter_ns);
  void delivered(std::size_t stage, RedisHop::Message message, std::int64_t popped_ns);
  void note_error(const std::string& message);
  void record(ServerRequest& r, std::size_t stage, std::int64_t enter_ns, std::int64_t start_ns,
              std::int64_t end_ns, int batch_size) const;

  const sim::Topology& topology_;
  TestbedPlan plan_;
  std::vector<std::unique_ptr<WorkerKernels>> kernels_;
  std::unique_ptr<CpuWorkerPool> pool_;
  std::map<std::size_t, std::unique_ptr<DynamicBatcher>> batchers_;
  std::map<std::string, std::unique_ptr<calib::BrokerServer>> brokers_;  // by resource name
  std::map<std::size_t, std::unique_ptr<RedisHop>> hops_;                // by broker_hop stage
  std::map<std::size_t, sim::ItemCount> item_counts_;                    // by fanout stage
  sim::RngStream fanout_rng_;  // K per request (guarded by mutex_)
  sim::RngStream box_rng_;     // where each child's box lies (guarded by mutex_)
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  std::thread acceptor_;

  mutable std::mutex mutex_;  // guards everything below
  std::vector<std::thread> readers_;
  std::vector<std::shared_ptr<ServerConnection>> connections_;
  std::map<ServerRequest*, std::unique_ptr<ServerRequest>> live_;  // owner of requests inside
  std::vector<sim::RequestStageRecord> finished_records_;
  std::vector<ChildItem> child_items_;
  std::uint64_t next_child_ = 0;
  std::map<std::uint64_t, ServerRequest*> in_broker_;  // children between LPUSH and BRPOP
  std::uint64_t finished_ = 0;
  std::string first_error_;
};

}  // namespace servesim::validate
