// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/engine.hpp"
#include "sim/engine/ring_queue.hpp"

#include <coroutine>
#include <string>

namespace servesim::sim {

/// A pool of identical units (CPU cores, a GPU's compute engine, a copy engine, a broker's server
/// thread) granted first come, first served. Keeps the time integrals that utilisation and energy
/// come from.
class Resource {
 public:
  Resource(Engine& engine, std::string name, int capacity);
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;

  /// `co_await resource.acquire()`: continues at once if units are free, else waits its turn.
  struct AcquireAwaiter {
    Resource& resource;
    int units;
    bool await_ready() { return resource.try_take(units); }
    void await_suspend(std::coroutine_handle<> handle);
    void await_resume() const noexcept {}
  };
  AcquireAwaiter acquire(int units = 1) { return AcquireAwaiter{*this, units}; }

  /// Callback form for models that are not coroutines: fn(ctx, arg) runs when granted (at once,
  /// synchronously, if units are free).
  void acquire_then(EventFn fn, void* ctx, std::uint64_t arg, int units = 1);
  bool try_acquire(int units = 1) { return try_take(units); }
  void release(int units = 1);
  /// Releases `units` after `delay_ns` (at once when it is not positive): a unit that stays
  /// busy with its own overhead after the work that held it has moved on.
  void release_after(SimDuration delay_ns, int units = 1);

  const std::string& name() const { return name_; }
  int capacity() const { return capacity_; }
  int busy_units() const { return busy_units_; }
  /// Busy units less those only waiting out a release_after: the units doing work.
  int working_units() const { return busy_units_ - lingering_units_; }
  std::size_t queue_length() const { return waiters_.size(); }

  /// Starts the statistics window afresh (used at the end of warm-up).
  void reset_statistics();
  /// Busy unit-nanoseconds since the window started, up to now.
  double busy_unit_ns() const;
  /// Mean fraction of capacity busy over the window.
  double utilization() const;
  /// Time-averaged number of waiters over the window.
  double mean_queue_length() const;
  SimDuration window_ns() const { return engine_.now() - window_start_ns_; }

 private:
  struct Waiter {
    EventFn fn = nullptr;
    void* ctx = nullptr;
    std::uint64_t arg = 0;
    int units = 0;
  };

  bool try_take(int units);
  static void on_release_due(void* self, std::uint64_t units);
  void enqueue(const Waiter& waiter);
  void account_until_now();

  Engine& engine_;
  std::string name_;
  int capacity_;
  int busy_units_ = 0;
  int lingering_units_ = 0;  // busy units whose release_after is pending
  RingQueue<Waiter> waiters_;

  SimTime window_start_ns_ = 0;
  SimTime last_change_ns_ = 0;
  double busy_unit_ns_ = 0.0;
  double waiting_ns_ = 0.0;
};

}  // namespace servesim::sim
