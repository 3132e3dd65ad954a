// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/background_load.hpp"

#include "calib/sweep/core_pin.hpp"
#include "kernels/dnn/model_runner.hpp"
#include "kernels/zoo/model_zoo.hpp"

#include <memory>

namespace servesim::calib {

BackgroundLoad::BackgroundLoad(const std::string& model, std::optional<int> core)
    : model_(model), core_(core) {
  // Built here so that a bad name fails in the caller's thread, before anything is measured.
  kernels::dnn::RunnerOptions options;
  options.threads = 1;
  auto runner =
      std::make_shared<kernels::dnn::ModelRunner>(kernels::zoo::build_model(model), options);
  runner->prepare(1);
  thread_ = std::thread([this, runner, core] {
    std::optional<ScopedCorePin> pin;
    if (core) pin.emplace(*core);
    while (!stop_.load(std::memory_order_relaxed)) {
      runner->forward(1);
      passes_.fetch_add(1, std::memory_order_relaxed);
    }
  });
}

BackgroundLoad::~BackgroundLoad() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::string BackgroundLoad::describe() const {
  return "while " + model_ + " forward passes (batch 1, 1 thread) ran back to back" +
         (core_ ? " on core " + std::to_string(*core_) : std::string(" on another thread"));
}

}  // namespace servesim::calib
