// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/testbed/cpu_worker_pool.hpp"
#include "calib/testbed/dynamic_batcher.hpp"
#include "calib/testbed/server_request.hpp"
#include "calib/testbed/testbed_plan.hpp"
#include "calib/testbed/worker_kernels.hpp"
#include "sim/store/run_result.hpp"
#include "sim/topology/topology.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace servesim::calib {

/// The live server of a topology, as threads of the calling process: a TCP listener on
/// 127.0.0.1 (ephemeral port), one reader thread per connection (net_recv), the cpu pool's
/// worker threads (preprocessing back to back, inference batches, postprocessing), one dynamic
/// batcher per batched infer stage, replies written by the worker that finishes a request
/// (net_send). Every stage of every request is timestamped with CLOCK_MONOTONIC.
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

  /// Stage records of every finished request (absolute CLOCK_MONOTONIC ns), in finish order.
  /// net_recv has only its end (enter and start are the client's send, known to the client).
  std::vector<sim::RequestStageRecord> take_stage_records();
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
  void note_error(const std::string& message);
  void record(ServerRequest& r, std::size_t stage, std::int64_t enter_ns, std::int64_t start_ns,
              std::int64_t end_ns, int batch_size) const;

  const sim::Topology& topology_;
  TestbedPlan plan_;
  std::vector<std::unique_ptr<WorkerKernels>> kernels_;
  std::unique_ptr<CpuWorkerPool> pool_;
  std::map<std::size_t, std::unique_ptr<DynamicBatcher>> batchers_;
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
  std::uint64_t finished_ = 0;
  std::string first_error_;
};

}  // namespace servesim::calib
