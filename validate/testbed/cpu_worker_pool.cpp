// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/cpu_worker_pool.hpp"

#include <exception>

namespace servesim::validate {

CpuWorkerPool::CpuWorkerPool(int workers, std::function<void(const std::string&)> on_error)
    : on_error_(std::move(on_error)) {
  for (int w = 0; w < workers; ++w) threads_.emplace_back([this, w] { work(w); });
}

CpuWorkerPool::~CpuWorkerPool() { stop(); }

void CpuWorkerPool::push(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
}

void CpuWorkerPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();
  }
  ready_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void CpuWorkerPool::work(int worker) {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job(worker);
    } catch (const std::exception& e) {
      on_error_(e.what());
    }
  }
}

}  // namespace servesim::validate
