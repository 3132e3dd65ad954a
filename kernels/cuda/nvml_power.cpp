// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/nvml_power.hpp"

#include <chrono>
#include <dlfcn.h>
#include <utility>

namespace servesim::kernels::cuda {
namespace {
constexpr int kNvmlSuccess = 0;

// dlsym returns void*; converting it to a function pointer is what POSIX specifies.
template <typename Fn>
Fn symbol(void* library, const char* name) {
  return reinterpret_cast<Fn>(dlsym(library, name));
}
}  // namespace

NvmlPower NvmlPower::open(unsigned device_index, const char* library) {
  NvmlPower p;
  dlerror();
  p.library_ = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (p.library_ == nullptr) {
    const char* why = dlerror();
    p.status_ = std::string(library) + " not loadable (no NVIDIA driver?): " +
                (why != nullptr ? why : "unknown dlopen error");
    return p;
  }
  const auto init = symbol<InitFn>(p.library_, "nvmlInit_v2");
  const auto get_handle = symbol<GetHandleFn>(p.library_, "nvmlDeviceGetHandleByIndex_v2");
  p.get_power_ = symbol<GetPowerFn>(p.library_, "nvmlDeviceGetPowerUsage");
  const auto shutdown = symbol<ShutdownFn>(p.library_, "nvmlShutdown");
  if (init == nullptr || get_handle == nullptr || p.get_power_ == nullptr || shutdown == nullptr) {
    p.status_ = std::string(library) + " lacks the NVML symbols nvmlInit_v2, " +
                "nvmlDeviceGetHandleByIndex_v2, nvmlDeviceGetPowerUsage or nvmlShutdown";
    p.release();
    return p;
  }
  if (const int rc = init(); rc != kNvmlSuccess) {
    p.status_ = "nvmlInit_v2 failed with NVML error " + std::to_string(rc);
    p.release();
    return p;
  }
  p.shutdown_ = shutdown;
  void* device = nullptr;
  if (const int rc = get_handle(device_index, &device); rc != kNvmlSuccess || device == nullptr) {
    p.status_ = "NVML has no device " + std::to_string(device_index) + " (NVML error " +
                std::to_string(rc) + ")";
    p.release();
    return p;
  }
  p.device_ = device;
  p.status_ = "available";
  return p;
}

NvmlPower::NvmlPower(NvmlPower&& other) noexcept
    : library_(std::exchange(other.library_, nullptr)),
      device_(std::exchange(other.device_, nullptr)),
      get_power_(std::exchange(other.get_power_, nullptr)),
      shutdown_(std::exchange(other.shutdown_, nullptr)),
      status_(std::move(other.status_)) {}

NvmlPower& NvmlPower::operator=(NvmlPower&& other) noexcept {
  if (this != &other) {
    release();
    library_ = std::exchange(other.library_, nullptr);
    device_ = std::exchange(other.device_, nullptr);
    get_power_ = std::exchange(other.get_power_, nullptr);
    shutdown_ = std::exchange(other.shutdown_, nullptr);
    status_ = std::move(other.status_);
  }
  return *this;
}

NvmlPower::~NvmlPower() { release(); }

void NvmlPower::release() noexcept {
  if (shutdown_ != nullptr) shutdown_();
  if (library_ != nullptr) dlclose(library_);
  library_ = nullptr;
  device_ = nullptr;
  get_power_ = nullptr;
  shutdown_ = nullptr;
}

std::optional<double> NvmlPower::power_w() const {
  if (device_ == nullptr) return std::nullopt;
  unsigned milliwatts = 0;
  if (get_power_(device_, &milliwatts) != kNvmlSuccess) return std::nullopt;
  return static_cast<double>(milliwatts) / 1000.0;
}

PowerSampler::~PowerSampler() {
  if (running_.exchange(false) && thread_.joinable()) thread_.join();
}

void PowerSampler::start() {
  if (!nvml_.available() || running_.load()) return;
  running_ = true;
  sum_w_ = 0;
  readings_ = 0;
  thread_ = std::thread([this] {
    while (running_.load()) {
      if (const auto w = nvml_.power_w()) {
        sum_w_ += *w;
        ++readings_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(period_ms_));
    }
  });
}

std::optional<double> PowerSampler::stop() {
  if (!running_.exchange(false)) return std::nullopt;
  if (thread_.joinable()) thread_.join();
  // One reading at the end, so that short runs still get a value.
  if (const auto w = nvml_.power_w()) {
    sum_w_ += *w;
    ++readings_;
  }
  if (readings_ == 0) return std::nullopt;
  return sum_w_ / static_cast<double>(readings_);
}

}  // namespace servesim::kernels::cuda
