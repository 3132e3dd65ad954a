// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/event_queue.hpp"
#include "sim/engine/sim_time.hpp"

#include <coroutine>
#include <cstdint>

namespace servesim::sim {

/// A discrete-event simulation: an event calendar and a clock. An object, never a global, so that
/// several engines can run in one process (sweeps, tests) without sharing anything.
class Engine {
 public:
  Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  SimTime now() const { return now_ns_; }

  /// Schedules fn(ctx, arg) at an absolute time, which must not be in the past.
  EventId schedule_at(SimTime time_ns, EventFn fn, void* ctx, std::uint64_t arg = 0,
                      EventPriority priority = 0);
  EventId schedule_in(SimDuration delay_ns, EventFn fn, void* ctx, std::uint64_t arg = 0,
                      EventPriority priority = 0) {
    return schedule_at(now_ns_ + delay_ns, fn, ctx, arg, priority);
  }
  /// Resumes a suspended coroutine at a time (the building block of process awaiters).
  EventId schedule_resume_at(SimTime time_ns, std::coroutine_handle<> handle,
                             EventPriority priority = 0);

  /// True if the event was pending; cancelling a fired or cancelled event is a no-op.
  bool cancel(EventId id) { return events_.cancel(id); }

  /// Runs until no event is left or stop() is called.
  void run();
  /// Runs the events with time <= end_ns, then leaves the clock at end_ns.
  void run_until(SimTime end_ns);
  /// Makes run()/run_until() return after the current event.
  void stop() { stop_requested_ = true; }

  std::uint64_t events_processed() const { return events_processed_; }
  std::size_t events_pending() const { return events_.live_count(); }
  void reserve_events(std::size_t events) { events_.reserve(events); }

  /// `co_await engine.delay(d)`: resumes the awaiting process d nanoseconds later.
  struct DelayAwaiter {
    Engine& engine;
    SimDuration delay_ns;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> handle) const {
      engine.schedule_resume_at(engine.now_ns_ + delay_ns, handle);
    }
    void await_resume() const noexcept {}
  };
  DelayAwaiter delay(SimDuration delay_ns) { return DelayAwaiter{*this, delay_ns}; }

 private:
  void fire(const FiredEvent& event);

  EventQueue events_;
  SimTime now_ns_ = 0;
  std::uint64_t events_processed_ = 0;
  bool stop_requested_ = false;
};

}  // namespace servesim::sim
