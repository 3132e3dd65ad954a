// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/dynamic_batcher.hpp"

#include "validate/testbed/monotonic_clock.hpp"
#include <chrono>

namespace servesim::validate {

DynamicBatcher::DynamicBatcher(const sim::BatchingSpec& spec, Dispatch dispatch)
    : spec_(spec), dispatch_(std::move(dispatch)), idle_instances_(spec.instances) {
  thread_ = std::thread([this] { run(); });
}

DynamicBatcher::~DynamicBatcher() { stop(); }

int DynamicBatcher::choose_batch_size(const sim::BatchingSpec& spec, std::size_t queued,
                                      std::int64_t oldest_wait_ns) {
  if (queued == 0) return 0;
  const auto max_batch = static_cast<std::size_t>(spec.max_batch);
  if (queued >= max_batch) return spec.max_batch;
  for (auto it = spec.preferred_batch.rbegin(); it != spec.preferred_batch.rend(); ++it) {
    if (static_cast<std::size_t>(*it) <= queued) return *it;
  }
  if (oldest_wait_ns >= spec.max_delay_ns) return static_cast<int>(queued);
  return 0;
}

void DynamicBatcher::submit(ServerRequest* request, std::int64_t enter_ns) {
  {
    std::lock_guard lock(mutex_);
    request->enter_ns = enter_ns;
    queue_.push_back({request, enter_ns});
  }
  changed_.notify_one();
}

void DynamicBatcher::instance_done() {
  {
    std::lock_guard lock(mutex_);
    ++idle_instances_;
  }
  changed_.notify_one();
}

void DynamicBatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DynamicBatcher::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (idle_instances_ == 0 || queue_.empty()) {
      changed_.wait(lock);
      continue;
    }
    const std::int64_t now = monotonic_ns();
    const int size = choose_batch_size(spec_, queue_.size(), now - queue_.front().enter_ns);
    if (size == 0) {
      // steady_clock is CLOCK_MONOTONIC on Linux, the clock of enter_ns.
      const std::int64_t deadline_ns = queue_.front().enter_ns + spec_.max_delay_ns;
      changed_.wait_until(
          lock, std::chrono::steady_clock::time_point(std::chrono::nanoseconds(deadline_ns)));
      continue;
    }
    std::vector<ServerRequest*> batch;
    batch.reserve(static_cast<std::size_t>(size));
    for (int i = 0; i < size; ++i) {
      batch.push_back(queue_.front().request);
      queue_.pop_front();
    }
    --idle_instances_;
    lock.unlock();
    dispatch_(std::move(batch));
    lock.lock();
  }
}

}  // namespace servesim::validate
