// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/engine.hpp"
#include "sim/engine/process.hpp"
#include "sim/engine/resource.hpp"
#include "sim/engine/ring_queue.hpp"
#include "sim/serving/request.hpp"
#include "sim/topology/topology.hpp"

#include <coroutine>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace servesim::sim {

/// Triton's dynamic batcher for one model on one GPU (or one CPU pool): requests queue in
/// arrival order; when an instance is free it sends max_batch if that many wait, else the largest
/// preferred size that can be formed, else everything queued once the oldest request has waited
/// max_delay (at once if max_delay is 0). A batch holds its instance and the compute engine for
/// the whole call; its requests finish together.
class Batcher {
 public:
  /// Duration of one call on n requests; the batch is passed so cost can depend on its items.
  using CostFn = std::function<SimDuration(const std::vector<Request*>& batch)>;
  /// Wake-up latency of a sleeping thread (none: 0).
  using WakeFn = std::function<SimDuration()>;
  /// The wake-ups a batch can wait for, and its worker's turnaround (empty functions: none).
  struct Wakeups {
    /// The worker a batch is handed to when it finds a unit idle; also the batcher's own thread
    /// when its max_delay timer fires, unless `timer` gives that time.
    WakeFn worker;
    /// From the max_delay deadline to a timed batch's start on an idle unit, both threads'
    /// wake-ups in one draw (measured in situ as a whole); nullopt when not measured.
    std::function<std::optional<SimDuration>()> timer;
    /// After a call, how long its worker stays busy before the unit is free again (handing the
    /// items on); the items move on at once.
    WakeFn turnaround;
  };
  /// Asked when a call ends with requests waiting: true if the next batch is formed before the
  /// call's items move on, false if after them (none: always before).
  using BatchFirstFn = std::function<bool()>;

  Batcher(Engine& engine, const BatchingSpec& spec, Resource& compute, CostFn cost,
          Wakeups wakeups = {}, BatchFirstFn batch_first = {});
  Batcher(const Batcher&) = delete;
  Batcher& operator=(const Batcher&) = delete;

  /// `co_await batcher.run(&request)`: returns when the request's batch has completed.
  struct RunAwaiter {
    Batcher& batcher;
    Request* request;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> handle) {
      request->waiter = handle;
      batcher.submit(request);
    }
    void await_resume() const noexcept {}
  };
  RunAwaiter run(Request* request) { return RunAwaiter{*this, request}; }

  std::size_t queue_length() const { return queue_.size(); }
  std::uint64_t batches_sent() const { return batches_sent_; }
  std::uint64_t items_sent() const { return items_sent_; }
  void reset_statistics() { batches_sent_ = items_sent_ = 0; }

  /// The size to send now for n queued requests, or 0 to keep waiting (exposed for tests).
  int choose_batch_size(std::size_t queued, SimDuration oldest_wait_ns) const;

 private:
  struct QueuedRequest {
    Request* request;
    SimTime enqueued_ns;
  };

  void submit(Request* request);
  /// `worker_awake`: called by a timer whose draw already covered the worker's wake-up.
  void try_dispatch(bool worker_awake = false);
  void arm_timer(SimTime deadline_ns);
  static void on_timer(void* self, std::uint64_t);
  static void on_instance_free(void* self, std::uint64_t);
  /// `worker_awake`: the timer's draw already covered the worker's wake-up.
  Process run_instance(std::vector<Request*>* batch, bool worker_awake);

  Engine& engine_;
  BatchingSpec spec_;
  Resource& compute_;
  CostFn cost_;
  Wakeups wakeups_;
  BatchFirstFn batch_first_;
  RingQueue<QueuedRequest> queue_;
  int idle_instances_;
  EventId timer_ = 0;
  SimTime timer_deadline_ns_ = -1;   // when the armed timer fires
  SimTime timer_for_ns_ = -1;        // the max_delay deadline it was armed for
  bool timer_wakes_worker_ = false;  // the armed timer's draw includes the worker's wake-up
  std::vector<std::vector<Request*>*> free_batches_;
  std::vector<std::unique_ptr<std::vector<Request*>>> batch_storage_;
  std::uint64_t batches_sent_ = 0;
  std::uint64_t items_sent_ = 0;
};

}  // namespace servesim::sim
