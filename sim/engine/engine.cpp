// SPDX-License-Identifier: Apache-2.0
#include "sim/engine/engine.hpp"

#include "sim/engine/process.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace servesim::sim {
namespace {
void resume_coroutine(void* address, std::uint64_t /*unused*/) {
  std::coroutine_handle<>::from_address(address).resume();
}
}  // namespace

EventId Engine::schedule_at(SimTime time_ns, EventFn fn, void* ctx, std::uint64_t arg,
                            EventPriority priority) {
  if (time_ns < now_ns_) {
    throw std::logic_error("engine: event scheduled in the past (at " + std::to_string(time_ns) +
                           " ns, now " + std::to_string(now_ns_) + " ns)");
  }
  return events_.push(time_ns, priority, fn, ctx, arg);
}

EventId Engine::schedule_resume_at(SimTime time_ns, std::coroutine_handle<> handle,
                                   EventPriority priority) {
  return schedule_at(time_ns, &resume_coroutine, handle.address(), 0, priority);
}

void Engine::fire(const FiredEvent& event) {
  now_ns_ = event.time_ns;
  ++events_processed_;
  event.fn(event.ctx, event.arg);
  if (std::exception_ptr& error = pending_process_error(); error) [[unlikely]] {
    std::rethrow_exception(std::exchange(error, nullptr));
  }
}

void Engine::run() {
  stop_requested_ = false;
  FiredEvent event;
  while (!stop_requested_ && events_.pop(event)) fire(event);
}

void Engine::run_until(SimTime end_ns) {
  stop_requested_ = false;
  SimTime next_ns;
  FiredEvent event;
  while (!stop_requested_ && events_.peek_time(next_ns) && next_ns <= end_ns) {
    events_.pop(event);
    fire(event);
  }
  if (!stop_requested_ && now_ns_ < end_ns) now_ns_ = end_ns;
}

}  // namespace servesim::sim
