// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/triton_metrics_importer.hpp"

#include "validate/importers/import_error.hpp"
#include "validate/importers/imported_run.hpp"
#include "validate/importers/prometheus_text.hpp"
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

namespace servesim::validate {
namespace {

// Per-model cumulative counters Triton exports (core src/metrics.cc).
constexpr const char* kSuccess = "nv_inference_request_success";
constexpr const char* kModelCounters[] = {
    kSuccess,
    "nv_inference_request_failure",
    "nv_inference_count",
    "nv_inference_exec_count",
    "nv_inference_request_duration_us",
    "nv_inference_queue_duration_us",
    "nv_inference_compute_input_duration_us",
    "nv_inference_compute_infer_duration_us",
    "nv_inference_compute_output_duration_us",
};
constexpr const char* kGpuSeries[] = {"nv_gpu_utilization", "nv_gpu_power_usage",
                                      "nv_energy_consumption"};

struct Counter {
  double value = 0.0;  // summed over the other labels (e.g. failure "reason")
  int line = 0;
  std::optional<std::int64_t> timestamp_ms;
};
using ModelKey = std::pair<std::string, std::string>;  // (model, version)

struct Scrape {
  std::string path;
  std::map<ModelKey, std::map<std::string, Counter>> models;
  std::map<std::string, std::map<std::string, double>> gpus;  // uuid -> series -> value
};

template <std::size_t N>
bool one_of(const std::string& name, const char* const (&names)[N]) {
  for (const char* n : names) {
    if (name == n) return true;
  }
  return false;
}

Scrape read_scrape(const std::string& path) {
  const TextFile file = read_text_file(path);
  Scrape scrape{path, {}, {}};
  for (const PrometheusSample& s : parse_prometheus_text(file)) {
    const bool model_counter = one_of(s.name, kModelCounters);
    const bool gpu_series = one_of(s.name, kGpuSeries);
    if (!model_counter && !gpu_series) continue;  // a scrape holds many other series
    if (std::isnan(s.value) || s.value < 0) {
      file.fail(s.line, s.name + " is " + format_number(s.value) + ", expected a count >= 0");
    }
    if (gpu_series) {
      if (s.label("gpu_uuid").empty()) file.fail(s.line, s.name + " has no 'gpu_uuid' label");
      scrape.gpus[s.label("gpu_uuid")][s.name] = s.value;
      continue;
    }
    if (s.label("model").empty()) file.fail(s.line, s.name + " has no 'model' label");
    Counter& c = scrape.models[{s.label("model"), s.label("version")}][s.name];
    c.value += s.value;
    if (c.line == 0) c.line = s.line;
    c.timestamp_ms = s.timestamp_ms;
  }
  return scrape;
}

const Counter* find(const Scrape& scrape, const ModelKey& model, const std::string& name) {
  const auto m = scrape.models.find(model);
  if (m == scrape.models.end()) return nullptr;
  const auto c = m->second.find(name);
  return c == m->second.end() ? nullptr : &c->second;
}

// after - before for one counter; a model missing from the first scrape was loaded after it.
std::optional<double> delta(const Scrape& after, const Scrape* before, const ModelKey& model,
                            const std::string& name) {
  const Counter* a = find(after, model, name);
  if (a == nullptr) return std::nullopt;
  const Counter* b = before ? find(*before, model, name) : nullptr;
  if (b == nullptr) return a->value;
  if (a->value < b->value) {
    fail_import(after.path, a->line,
                name + "{model=\"" + model.first + "\"} fell from " + format_number(b->value) +
                    " (" + before->path + ":" + std::to_string(b->line) + ") to " +
                    format_number(a->value) + ": Triton restarted between the scrapes");
  }
  return a->value - b->value;
}

}  // namespace

std::vector<sim::RunResult> import_triton_metrics(const std::string& after_path,
                                                  const TritonScrapeOptions& options) {
  const Scrape after = read_scrape(after_path);
  std::optional<Scrape> before;
  if (!options.before_path.empty()) before = read_scrape(options.before_path);
  const Scrape* b = before ? &*before : nullptr;

  bool any_success = false;
  for (const auto& entry : after.models) any_success = any_success || entry.second.count(kSuccess);
  if (!any_success) {
    fail_import(after_path, 0,
                "no nv_inference_request_success samples: is this a Triton metrics scrape "
                "(http://<host>:8002/metrics)?");
  }

  std::vector<sim::RunResult> runs;
  for (const auto& [model, counters] : after.models) {
    const std::optional<double> requests = delta(after, b, model, kSuccess);
    if (!requests || *requests <= 0) continue;  // loaded but idle in this window
    nlohmann::ordered_json parameters;
    parameters["model"] = model.first;
    parameters["version"] = model.second;
    parameters["mode"] = b ? "difference of two scrapes" : "totals since the server started";
    if (b)
      parameters["before_file"] = std::filesystem::absolute(b->path).lexically_normal().string();

    double window_s = 0.0;
    const Counter* a_success = find(after, model, kSuccess);
    const Counter* b_success = b ? find(*b, model, kSuccess) : nullptr;
    if (b_success && a_success->timestamp_ms && b_success->timestamp_ms) {
      window_s = static_cast<double>(*a_success->timestamp_ms - *b_success->timestamp_ms) / 1e3;
      if (window_s <= 0) {
        fail_import(after_path, a_success->line,
                    "sample timestamp is not later than the one in " + b->path);
      }
      parameters["window_source"] = "sample timestamps";
    } else if (options.window_s > 0) {
      window_s = options.window_s;
      parameters["window_source"] = "--interval-s";
    } else {
      parameters["window_source"] = "unknown (no throughput)";
    }
    parameters["window_s"] = window_s;

    const std::string tag = "model=" + model.first + ",version=" + model.second;
    sim::RunResult run = make_imported_run("prometheus", after_path, tag, parameters);
    add_metric(run, "requests", *requests, "count");
    if (window_s > 0) {
      add_metric(run, "throughput_rps", *requests / window_s, "req/s");
      add_metric(run, "duration_s", window_s, "s");
    }
    if (auto failed = delta(after, b, model, "nv_inference_request_failure")) {
      add_metric(run, "failed_requests", *failed, "count");
    }
    const auto inferences = delta(after, b, model, "nv_inference_count");
    const auto executions = delta(after, b, model, "nv_inference_exec_count");
    if (inferences) add_metric(run, "inferences", *inferences, "count");
    if (inferences && window_s > 0)
      add_metric(run, "inferences_per_s", *inferences / window_s, "1/s");
    if (executions) add_metric(run, "executions", *executions, "count");
    if (inferences && executions && *executions > 0) {
      add_metric(run, "avg_batch_size", *inferences / *executions, "inferences/execution");
    }
    // Per-request averages: cumulative µs over successful requests (docs/measured-formats.md §1.3).
    std::map<std::string, double> ms;
    const std::pair<const char*, const char*> kAverages[] = {
        {"nv_inference_request_duration_us", "server_request_ms"},
        {"nv_inference_queue_duration_us", "server_queue_ms"},
        {"nv_inference_compute_input_duration_us", "server_compute_input_ms"},
        {"nv_inference_compute_infer_duration_us", "server_compute_infer_ms"},
        {"nv_inference_compute_output_duration_us", "server_compute_output_ms"}};
    for (const auto& [counter, metric] : kAverages) {
      if (auto total_us = delta(after, b, model, counter)) {
        ms[metric] = *total_us / *requests / 1000.0;
        add_metric(run, metric, ms[metric], "ms");
      }
    }
    if (ms.count("server_queue_ms") && ms.count("server_compute_infer_ms")) {
      set_breakdown(run, {{"queueing", ms["server_queue_ms"]},
                          {"data_transfer", ms["server_compute_input_ms"]},
                          {"inference", ms["server_compute_infer_ms"]},
                          {"postprocessing", ms["server_compute_output_ms"]}});
    }
    for (const auto& [uuid, series] : after.gpus) {
      sim::ResourceUsage gpu;
      gpu.resource = "gpu:" + uuid;
      gpu.capacity = 1;
      if (series.count("nv_gpu_utilization")) gpu.utilization = series.at("nv_gpu_utilization");
      if (series.count("nv_gpu_power_usage")) gpu.mean_power_w = series.at("nv_gpu_power_usage");
      if (series.count("nv_energy_consumption")) {
        double joules = series.at("nv_energy_consumption");
        if (b && b->gpus.count(uuid) && b->gpus.at(uuid).count("nv_energy_consumption")) {
          joules -= b->gpus.at(uuid).at("nv_energy_consumption");
        }
        if (joules < 0) {
          fail_import(after_path, 0,
                      "nv_energy_consumption of " + uuid +
                          " went down: Triton restarted between the scrapes");
        }
        gpu.energy_j = joules;
        if (window_s > 0) gpu.mean_power_w = joules / window_s;
      }
      run.resources.push_back(gpu);
    }
    runs.push_back(std::move(run));
  }
  if (runs.empty()) {
    fail_import(after_path, 0,
                b ? "no model served a request between the two scrapes"
                  : "no model has served a request yet");
  }
  return runs;
}

}  // namespace servesim::validate
