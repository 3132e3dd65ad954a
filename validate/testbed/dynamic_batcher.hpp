// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/topology/topology.hpp"

#include "validate/testbed/server_request.hpp"
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace servesim::validate {

/// Triton's dynamic batcher, for real, with the simulator's rule (sim/serving/batcher.hpp):
/// requests queue in arrival order; when an instance is free it sends max_batch if that many
/// wait, else the largest preferred size that can be formed, else everything queued once the
/// oldest has waited max_delay. A sent batch is handed to `dispatch` (which queues it for a cpu
/// worker); the instance stays busy until instance_done().
class DynamicBatcher {
 public:
  using Dispatch = std::function<void(std::vector<ServerRequest*> batch)>;
  DynamicBatcher(const sim::BatchingSpec& spec, Dispatch dispatch);
  ~DynamicBatcher();
  DynamicBatcher(const DynamicBatcher&) = delete;
  DynamicBatcher& operator=(const DynamicBatcher&) = delete;

  /// Queues a request that entered the batcher at `enter_ns` (CLOCK_MONOTONIC).
  void submit(ServerRequest* request, std::int64_t enter_ns);
  /// A batch has finished: its instance can take the next one.
  void instance_done();
  /// Stops the dispatch thread; queued requests stay with their owner. Idempotent.
  void stop();

  /// The size to send now for `queued` requests whose oldest waited `oldest_wait_ns`, or 0 to
  /// keep waiting (the same rule as sim::Batcher::choose_batch_size).
  static int choose_batch_size(const sim::BatchingSpec& spec, std::size_t queued,
                               std::int64_t oldest_wait_ns);

 private:
  struct Queued {
    ServerRequest* request;
    std::int64_t enter_ns;
  };
  void run();

  sim::BatchingSpec spec_;
  Dispatch dispatch_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Queued> queue_;
  int idle_instances_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace servesim::validate
