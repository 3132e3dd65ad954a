// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/store/cost_table_writer.hpp"
#include "calib/sweep/point_timer.hpp"
#include "calib/sweep/preprocess_points.hpp"
#include "calib/sweep/repetition_policy.hpp"
#include "calib/sweep/sweep_image.hpp"
#include "calib/sweep/sweep_point.hpp"
#include "kernels/preprocess/image.hpp"
#include "kernels/preprocess/resize.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace servesim::calib {

/// What the CPU calibration measures and how: the grid of op x size x batch, the repetition
/// rule, the table it writes. Every point runs on the calling thread (one core, threads = 1),
/// as a server's worker thread would.
struct CpuSweepConfig {
  std::string device = "local";  ///< the device key topologies name (cpu [device=...])
  std::string table_name;        ///< empty: "<device>-cpu-measured"
  std::string source = "servesim calibrate --backend cpu";  ///< how it was made (provenance)

  /// Subset of jpeg_decode, resize, crop, normalize, postprocess, infer (measured in that order).
  std::vector<std::string> ops = all_ops();
  std::vector<SweepImage> images = standard_sweep_images();  ///< decode and resize sources
  std::vector<kernels::ResizeMethod> resize_methods = {kernels::ResizeMethod::kBilinear,
                                                       kernels::ResizeMethod::kArea};
  std::vector<ResizeTarget> resize_targets = {ResizeTarget::square_224,
                                              ResizeTarget::shorter_side_256};
  std::vector<kernels::ImageSize> crop_sources = standard_crop_sources();
  std::vector<kernels::ImageSize> normalize_sizes = standard_normalize_sizes();
  std::vector<int> postprocess_batches = {1, 8};
  std::vector<std::string> models = {"mobilenetv2", "resnet18", "resnet50"};
  std::vector<int> infer_batches = {1, 2, 4};

  RepetitionPolicy policy = cold_cache(RepetitionPolicy{});  ///< all but forward passes
  RepetitionPolicy infer_policy = standard_infer_policy();
  std::optional<int> pin_core;  ///< sched_setaffinity to this core for the whole sweep
  /// Without pin_core: time each point on every core this process may use, in turn, and pool
  /// the samples in equal numbers (calib/sweep/every_core_runs.hpp says why). false: unpinned,
  /// wherever the scheduler puts the thread.
  bool every_core = true;
  /// Keep a table of the same name and skip the points it holds (after an interruption);
  /// otherwise the table is replaced.
  bool resume = false;

  static std::vector<std::string> all_ops();
  /// Bytes read between runs so each starts with cold caches: several times the last-level
  /// cache of any machine this runs on (a VM may not say how large its own is).
  static constexpr std::int64_t kColdCacheBytes = 64LL << 20;
  /// `p` with evict_cache_bytes = kColdCacheBytes: a stage of a server finds its code, tables and
  /// model weights evicted by the other stages and requests in between; a hot loop does not.
  static RepetitionPolicy cold_cache(RepetitionPolicy p);
  /// Both policies measure back to back with whatever the caches hold (calibrate --warm-caches).
  void use_warm_caches();
  /// Forward passes take 10-1000 ms: fewer warm-ups, a longer budget per point.
  static RepetitionPolicy standard_infer_policy();
  /// The default grid (about 45 points, a few minutes on two cores).
  static CpuSweepConfig standard();
  /// A small grid with the quick repetition policy: well under a minute.
  static CpuSweepConfig quick();

  std::string effective_table_name() const;
  /// Throws std::invalid_argument naming the field to fix (unknown op or zoo model, empty
  /// grid, ...).
  void validate() const;
};

/// What the progress callback is told.
struct SweepProgress {
  /// preparing: the database is open and the inputs are being made (no point yet); then
  /// starting / measured or skipped for each point.
  enum class Phase { preparing, starting, measured, skipped };
  Phase phase = Phase::starting;
  std::size_t index = 0;  ///< 0-based position in the grid
  std::size_t total = 0;
  const SweepPoint* point = nullptr;
  const CostPoint* stored = nullptr;  ///< measured: the row just committed
  const TimedRuns* runs = nullptr;    ///< measured: its samples
};
using SweepProgressFn = std::function<void(const SweepProgress&)>;

/// What a sweep did.
struct CpuSweepResult {
  std::string table_name;
  std::int64_t table_id = 0;
  std::vector<CostPoint> measured;  ///< in grid order
  std::size_t skipped = 0;          ///< points a resumed table already held
  std::vector<CostFit> fits;
};

/// The grid of `config`, in measuring order (generates the synthetic JPEGs it needs).
std::vector<SweepPoint> build_cpu_grid(const CpuSweepConfig& config);

/// Compiler, build type, SQLite, libjpeg-turbo and Eigen (with its SIMD set) versions.
std::string cpu_library_versions();

/// Measures every point of the grid into the cost table `config.effective_table_name()` of
/// `db_path`, committing each point as soon as it is measured, then fits each op (stored in
/// cost_fits). The configuration is checked, the thread pinned and the database opened before
/// any input is made, so a bad grid, core or path fails at once.
/// An exception (including one thrown by `progress`, which is how a caller interrupts) leaves
/// every point committed before it in the file; rerun with `resume` to finish the grid.
CpuSweepResult run_cpu_sweep(const CpuSweepConfig& config, const std::string& db_path,
                             const SweepProgressFn& progress = {});

}  // namespace servesim::calib
