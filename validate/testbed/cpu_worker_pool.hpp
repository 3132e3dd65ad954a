// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace servesim::validate {

/// The testbed's `cpu` resource: `cores` worker threads pulling jobs from one FIFO queue, as the
/// simulator models a cpu pool. A job runs to the end on the worker that took it (a request's
/// back-to-back preprocessing, or one whole inference batch).
class CpuWorkerPool {
 public:
  /// A job gets the index of its worker (0..workers-1), for per-worker kernel state.
  using Job = std::function<void(int worker)>;
  /// Errors a job throws are passed to `on_error` (the worker keeps going).
  CpuWorkerPool(int workers, std::function<void(const std::string&)> on_error);
  ~CpuWorkerPool();
  CpuWorkerPool(const CpuWorkerPool&) = delete;
  CpuWorkerPool& operator=(const CpuWorkerPool&) = delete;

  void push(Job job);
  /// Drops jobs not yet started, lets running ones finish, joins. Idempotent.
  void stop();
  int workers() const { return static_cast<int>(threads_.size()); }

 private:
  void work(int worker);

  std::function<void(const std::string&)> on_error_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace servesim::validate
