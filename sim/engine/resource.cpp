// SPDX-License-Identifier: Apache-2.0
#include "sim/engine/resource.hpp"

#include <stdexcept>

namespace servesim::sim {
namespace {
void resume_coroutine(void* address, std::uint64_t /*unused*/) {
  std::coroutine_handle<>::from_address(address).resume();
}
}  // namespace

Resource::Resource(Engine& engine, std::string name, int capacity)
    : engine_(engine), name_(std::move(name)), capacity_(capacity) {
  if (capacity <= 0) {
    throw std::invalid_argument("resource '" + name_ + "': capacity must be at least 1, got " +
                                std::to_string(capacity));
  }
  window_start_ns_ = last_change_ns_ = engine.now();
}

void Resource::account_until_now() {
  const SimTime now = engine_.now();
  const auto elapsed = static_cast<double>(now - last_change_ns_);
  busy_unit_ns_ += elapsed * busy_units_;
  waiting_ns_ += elapsed * static_cast<double>(waiters_.size());
  last_change_ns_ = now;
}

bool Resource::try_take(int units) {
  if (units > capacity_) {
    throw std::invalid_argument("resource '" + name_ + "': asked for " + std::to_string(units) +
                                " units of " + std::to_string(capacity_));
  }
  // FIFO: nobody overtakes a waiter, even if the newcomer would fit.
  if (!waiters_.empty() || busy_units_ + units > capacity_) return false;
  account_until_now();
  busy_units_ += units;
  return true;
}

void Resource::enqueue(const Waiter& waiter) {
  account_until_now();
  waiters_.push_back(waiter);
}

void Resource::AcquireAwaiter::await_suspend(std::coroutine_handle<> handle) {
  resource.enqueue(Waiter{&resume_coroutine, handle.address(), 0, units});
}

void Resource::acquire_then(EventFn fn, void* ctx, std::uint64_t arg, int units) {
  if (try_take(units)) {
    fn(ctx, arg);
  } else {
    enqueue(Waiter{fn, ctx, arg, units});
  }
}

void Resource::release(int units) {
  if (units > busy_units_) {
    throw std::logic_error("resource '" + name_ + "': released " + std::to_string(units) +
                           " units but only " + std::to_string(busy_units_) + " are busy");
  }
  account_until_now();
  busy_units_ -= units;
  // Grant in arrival order; the waiter continues in an event at the current time, so a release
  // never runs another activity's code inside the releaser.
  while (!waiters_.empty() && busy_units_ + waiters_.front().units <= capacity_) {
    const Waiter next = waiters_.pop_front();
    busy_units_ += next.units;
    engine_.schedule_at(engine_.now(), next.fn, next.ctx, next.arg);
  }
}

void Resource::release_after(SimDuration delay_ns, int units) {
  if (delay_ns <= 0) {
    release(units);
    return;
  }
  lingering_units_ += units;
  engine_.schedule_in(delay_ns, &Resource::on_release_due, this, static_cast<std::uint64_t>(units));
}

void Resource::on_release_due(void* self, std::uint64_t units) {
  auto* resource = static_cast<Resource*>(self);
  resource->lingering_units_ -= static_cast<int>(units);
  resource->release(static_cast<int>(units));
}

void Resource::reset_statistics() {
  account_until_now();
  window_start_ns_ = engine_.now();
  busy_unit_ns_ = 0.0;
  waiting_ns_ = 0.0;
}

double Resource::busy_unit_ns() const {
  const auto tail = static_cast<double>(engine_.now() - last_change_ns_);
  return busy_unit_ns_ + tail * busy_units_;
}

double Resource::utilization() const {
  const auto window = static_cast<double>(window_ns());
  return window > 0 ? busy_unit_ns() / (window * capacity_) : 0.0;
}

double Resource::mean_queue_length() const {
  const auto window = static_cast<double>(window_ns());
  const auto tail = static_cast<double>(engine_.now() - last_change_ns_);
  return window > 0 ? (waiting_ns_ + tail * static_cast<double>(waiters_.size())) / window : 0.0;
}

}  // namespace servesim::sim
