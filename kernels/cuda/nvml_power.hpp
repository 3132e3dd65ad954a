// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <thread>

namespace servesim::kernels::cuda {

/// GPU board power through NVML, loaded at run time (dlopen + dlsym of nvmlInit_v2,
/// nvmlDeviceGetHandleByIndex_v2, nvmlDeviceGetPowerUsage, nvmlShutdown), so that nothing links
/// against the driver's library, which a machine without a GPU does not have. When the library,
/// a symbol, initialisation or the device is missing, the object is "unavailable" with a
/// one-line reason and power is unknown; nothing throws or crashes. Move-only.
class NvmlPower {
 public:
  /// The NVIDIA driver installs NVML under this name.
  static constexpr const char* kDefaultLibrary = "libnvidia-ml.so.1";

  /// Loads `library` and opens device `device_index` (NVML's numbering).
  static NvmlPower open(unsigned device_index = 0, const char* library = kDefaultLibrary);

  NvmlPower(NvmlPower&& other) noexcept;
  NvmlPower& operator=(NvmlPower&& other) noexcept;
  NvmlPower(const NvmlPower&) = delete;
  NvmlPower& operator=(const NvmlPower&) = delete;
  ~NvmlPower();

  bool available() const noexcept { return device_ != nullptr; }
  /// "available" or why not, e.g. "libnvidia-ml.so.1 not loadable: <dlerror text>".
  const std::string& status() const noexcept { return status_; }
  /// Board power now in watts; nullopt when unavailable or when the reading fails.
  std::optional<double> power_w() const;

 private:
  NvmlPower() = default;
  void release() noexcept;

  using InitFn = int (*)();
  using GetHandleFn = int (*)(unsigned, void**);
  using GetPowerFn = int (*)(void*, unsigned*);
  using ShutdownFn = int (*)();

  void* library_ = nullptr;
  void* device_ = nullptr;  // nvmlDevice_t
  GetPowerFn get_power_ = nullptr;
  ShutdownFn shutdown_ = nullptr;
  std::string status_;
};

/// Averages NvmlPower readings taken every `period_ms` on a background thread between start()
/// and stop(): the power of the work running in between. With an unavailable NvmlPower it takes
/// no readings and stop() returns nullopt.
class PowerSampler {
 public:
  explicit PowerSampler(const NvmlPower& nvml, int period_ms = 20)
      : nvml_(nvml), period_ms_(period_ms) {}
  ~PowerSampler();
  PowerSampler(const PowerSampler&) = delete;
  PowerSampler& operator=(const PowerSampler&) = delete;

  void start();
  /// Mean watts over the readings since start() (at least one, taken at stop), or nullopt.
  std::optional<double> stop();

 private:
  const NvmlPower& nvml_;
  int period_ms_;
  std::atomic<bool> running_{false};
  std::thread thread_;
  double sum_w_ = 0;
  long readings_ = 0;
};

}  // namespace servesim::kernels::cuda
