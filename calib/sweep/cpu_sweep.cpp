// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/cpu_sweep.hpp"

#include "calib/store/machine_info.hpp"
#include "calib/sweep/core_pin.hpp"
#include "calib/sweep/every_core_runs.hpp"
#include "calib/sweep/infer_points.hpp"
#include "calib/sweep/table_fits.hpp"
#include "kernels/zoo/model_zoo.hpp"

#if __has_include(<jconfig.h>)
#include <jconfig.h>
#endif

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace servesim::calib {
namespace {

bool wants(const CpuSweepConfig& config, const std::string& op) {
  return std::find(config.ops.begin(), config.ops.end(), op) != config.ops.end();
}

std::string libjpeg_turbo_version() {
#ifdef LIBJPEG_TURBO_VERSION_NUMBER
  const int v = LIBJPEG_TURBO_VERSION_NUMBER;  // 2001005 = 2.1.5
  return "libjpeg-turbo " + std::to_string(v / 1000000) + "." + std::to_string(v / 1000 % 1000) +
         "." + std::to_string(v % 1000);
#else
  return "libjpeg-turbo (version unknown)";
#endif
}

/// How a row was measured, appended to the input description in its source.
/// `every_core`: the per-core runs when the point was timed on each core in turn.
std::string timing_note(const TimedRuns& runs, const RepetitionPolicy& policy,
                        const std::optional<int>& pin_core, const EveryCoreRuns* every_core) {
  char text[200];
  const std::string attempts =
      runs.attempts > 1 ? " (best of " + std::to_string(runs.attempts) + " attempts)" : "";
  std::string core;
  if (pin_core) {
    core = "pinned to core " + std::to_string(*pin_core);
  } else if (every_core == nullptr) {
    core = "unpinned";
  } else {
    core = "pooled from every core, medians";
    for (std::size_t c = 0; c < every_core->cores.size(); ++c) {
      char median[64];
      std::snprintf(median, sizeof median, "%s core %d %.3f ms", c == 0 ? "" : ",",
                    every_core->cores[c], every_core->core_median_ns[c] * 1e-6);
      core += median;
    }
  }
  const std::string caches = policy.evict_cache_bytes > 0
                                 ? ", caches evicted (" +
                                       std::to_string(policy.evict_cache_bytes >> 20) +
                                       " MiB read) before each run"
                                 : ", warm caches (back to back)";
  std::snprintf(text, sizeof text,
                "; %zu runs after %d warm-up, median 95%% CI +-%.1f%% (%s), cpu share %.2f%s, ",
                runs.samples_ns.size(), runs.warmup_runs, 100.0 * runs.median.relative_half_width(),
                to_string(runs.stop), runs.cpu_share, attempts.c_str());
  return text + core + caches;
}

void notify(const SweepProgressFn& progress, SweepProgress::Phase phase, std::size_t index,
            std::size_t total, const SweepPoint* point, const CostPoint* stored = nullptr,
            const TimedRuns* runs = nullptr) {
  if (!progress) return;
  SweepProgress p;
  p.phase = phase;
  p.index = index;
  p.total = total;
  p.point = point;
  p.stored = stored;
  p.runs = runs;
  progress(p);
}

}  // namespace

std::vector<std::string> CpuSweepConfig::all_ops() {
  return {"jpeg_decode", "resize", "crop", "normalize", "postprocess", "infer"};
}

RepetitionPolicy CpuSweepConfig::cold_cache(RepetitionPolicy p) {
  p.evict_cache_bytes = kColdCacheBytes;
  return p;
}

void CpuSweepConfig::use_warm_caches() {
  policy.evict_cache_bytes = 0;
  infer_policy.evict_cache_bytes = 0;
}

RepetitionPolicy CpuSweepConfig::standard_infer_policy() {
  RepetitionPolicy p = cold_cache(RepetitionPolicy{});
  p.warmup_runs = 2;
  p.min_repetitions = 6;
  p.max_repetitions = 200;
  p.max_point_time = std::chrono::milliseconds(6000);
  return p;
}

CpuSweepConfig CpuSweepConfig::standard() { return CpuSweepConfig{}; }

CpuSweepConfig CpuSweepConfig::quick() {
  CpuSweepConfig c;
  c.source = "servesim calibrate --backend cpu --quick";
  c.images = quick_sweep_images();
  c.resize_targets = {ResizeTarget::square_224};
  c.crop_sources = {{256, 256}, {455, 256}};
  c.normalize_sizes = {{112, 112}, {224, 224}};
  c.postprocess_batches = {1};
  c.models = {"mobilenetv2", "resnet18"};
  c.infer_batches = {1, 2};
  c.policy = cold_cache(RepetitionPolicy::quick());
  c.infer_policy = cold_cache(RepetitionPolicy::quick());
  c.infer_policy.max_point_time = std::chrono::milliseconds(1500);
  return c;
}

std::string CpuSweepConfig::effective_table_name() const {
  return table_name.empty() ? device + "-cpu-measured" : table_name;
}

void CpuSweepConfig::validate() const {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("CPU calibration: " + what);
  };
  if (device.empty()) fail("the device key is empty; name it as topologies do (e.g. 'local')");
  if (ops.empty()) fail("no ops selected");
  const std::vector<std::string> known = all_ops();
  for (const std::string& op : ops) {
    if (std::find(known.begin(), known.end(), op) == known.end()) {
      fail("unknown op '" + op +
           "'; use jpeg_decode, resize, crop, normalize, postprocess or infer");
    }
  }
  if ((wants(*this, "jpeg_decode") || wants(*this, "resize")) && images.empty()) {
    fail("no image sizes for jpeg_decode / resize");
  }
  if (wants(*this, "resize") && (resize_methods.empty() || resize_targets.empty())) {
    fail("resize needs at least one method and one target");
  }
  if (wants(*this, "crop") && crop_sources.empty()) fail("no crop source sizes");
  if (wants(*this, "normalize") && normalize_sizes.empty()) fail("no normalize sizes");
  if (wants(*this, "postprocess") && postprocess_batches.empty()) fail("no postprocess batches");
  if (wants(*this, "infer") && (models.empty() || infer_batches.empty())) {
    fail("infer needs at least one model and one batch size");
  }
  if (wants(*this, "infer")) {
    for (const std::string& model : models) kernels::zoo::build_model(model);  // lists the zoo
    for (int b : infer_batches) {
      if (b < 1) fail("infer batch sizes must be at least 1");
    }
  }
  for (int b : postprocess_batches) {
    if (b < 1) fail("postprocess batch sizes must be at least 1");
  }
  for (const kernels::ImageSize& s : crop_sources) {
    if (s.width_px < 224 || s.height_px < 224) fail("crop sources must be at least 224x224");
  }
  policy.validate();
  infer_policy.validate();
}

std::string cpu_library_versions() {
  return base_library_versions() + "; " + libjpeg_turbo_version() + "; " + dnn_library_version();
}

std::vector<SweepPoint> build_cpu_grid(const CpuSweepConfig& config) {
  config.validate();
  auto jpegs = std::make_shared<SyntheticJpegCache>();
  std::vector<SweepPoint> grid;
  auto append = [&grid](std::vector<SweepPoint> points) {
    for (SweepPoint& p : points) grid.push_back(std::move(p));
  };
  // Fixed order whatever order `ops` lists them in: cheap ops first, forward passes last.
  if (wants(config, "jpeg_decode")) append(decode_points(config.images, jpegs));
  if (wants(config, "resize")) {
    append(resize_points(config.images, jpegs, config.resize_methods, config.resize_targets));
  }
  if (wants(config, "crop")) append(crop_points(config.crop_sources));
  if (wants(config, "normalize")) append(normalize_points(config.normalize_sizes));
  if (wants(config, "postprocess")) append(postprocess_points(config.postprocess_batches));
  if (wants(config, "infer")) append(infer_points(config.models, config.infer_batches));
  return grid;
}

CpuSweepResult run_cpu_sweep(const CpuSweepConfig& config, const std::string& db_path,
                             const SweepProgressFn& progress) {
  config.validate();
  // Pinned before anything is written (a core this process may not use fails here) and before
  // the inputs are made, so they sit in this core's caches.
  std::optional<ScopedCorePin> pin;
  if (config.pin_core) pin.emplace(*config.pin_core);
  const std::vector<int> cores =
      !config.pin_core && config.every_core ? allowed_cores() : std::vector<int>{};

  CostTableInfo info;
  info.name = config.effective_table_name();
  info.device = config.device;
  info.method = "measured";
  info.source = config.source;
  info.library_versions = cpu_library_versions();
  CostTableWriter writer = CostTableWriter::open(
      db_path, info,
      config.resume ? CostTableWriter::Mode::resume : CostTableWriter::Mode::replace);

  notify(progress, SweepProgress::Phase::preparing, 0, 0, nullptr);
  const std::vector<SweepPoint> grid = build_cpu_grid(config);
  CpuSweepResult result;
  result.table_name = info.name;
  result.table_id = writer.table_id();
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const SweepPoint& point = grid[i];
    if (config.resume && writer.has_point(point.key)) {
      ++result.skipped;
      notify(progress, SweepProgress::Phase::skipped, i, grid.size(), &point);
      continue;
    }
    notify(progress, SweepProgress::Phase::starting, i, grid.size(), &point);
    const RepetitionPolicy& policy = point.key.op == "infer" ? config.infer_policy : config.policy;
    TimedRuns runs;
    std::optional<EveryCoreRuns> every_core;
    {
      const std::function<void()> run = point.prepare();
      if (cores.size() > 1) {
        every_core = time_on_every_core(run, policy, cores);
        runs = every_core->pooled;
      } else {
        runs = time_repeatedly(run, policy);
      }
    }  // the point's inputs are freed here
    CostPoint stored = point.key;
    stored.stats = CostPointStats::from_samples(runs.samples_ns);
    stored.source +=
        timing_note(runs, policy, config.pin_core, every_core ? &*every_core : nullptr);
    writer.append(stored);  // committed: survives anything that happens next
    result.measured.push_back(stored);
    notify(progress, SweepProgress::Phase::measured, i, grid.size(), &point,
           &result.measured.back(), &runs);
  }
  result.fits = write_table_fits(writer);
  return result;
}

}  // namespace servesim::calib
