// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/mlperf_detail_importer.hpp"

#include <nlohmann/json.hpp>

#include "validate/importers/imported_run.hpp"
#include "validate/importers/mlperf_fields.hpp"
#include "validate/importers/text_source.hpp"
#include <map>
#include <regex>

namespace servesim::validate {
namespace {
using nlohmann::json;

struct Record {
  json value;
  int line = 0;
};

constexpr std::string_view kPrefix = ":::MLLOG";

// result_* records holding a number, and the metric each becomes (latencies: see below).
constexpr std::pair<const char*, const char*> kNumbers[] = {
    {"result_query_count", "query_count"},
    {"result_overlatency_query_count", "overlatency_query_count"},
    {"result_qps_with_loadgen_overhead", "throughput_with_loadgen_overhead_rps"},
    {"result_qps_without_loadgen_overhead", "throughput_without_loadgen_overhead_rps"},
    {"result_scheduled_samples_per_sec", "throughput_scheduled_rps"},
    {"result_completed_samples_per_sec", "throughput_completed_rps"},
    {"result_samples_per_second", "samples_per_s"},
};
constexpr std::pair<const char*, const char*> kFlags[] = {
    {"result_perf_constraints_met", "perf_constraints_met"},
    {"result_min_duration_met", "min_duration_met"},
    {"result_min_queries_met", "min_queries_met"},
    {"early_stopping_met", "early_stopping_met"},
};

}  // namespace

sim::RunResult import_mlperf_detail(const std::string& path) {
  const TextFile file = read_text_file(path);
  std::map<std::string, Record> records;  // the last record of each key wins
  int errors = 0, warnings = 0;
  for (std::size_t i = 0; i < file.lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    const std::string_view text = trim(file.lines[i]);
    if (text.empty()) continue;
    if (text.substr(0, kPrefix.size()) != kPrefix) {
      file.fail(line, "expected a ':::MLLOG {json}' record");
    }
    json record;
    try {
      record = json::parse(text.substr(kPrefix.size()));
    } catch (const json::parse_error& e) {
      file.fail(line, "not valid JSON after ':::MLLOG' (" + std::string(e.what()) + ")");
    }
    if (!record.is_object() || !record.contains("key") || !record["key"].is_string() ||
        !record.contains("value")) {
      file.fail(line, "record has no string 'key' and 'value'");
    }
    const json meta = record.contains("metadata") && record["metadata"].is_object()
                          ? record["metadata"]
                          : json::object();
    if (meta.contains("is_error") && meta.at("is_error") == true) ++errors;
    if (meta.contains("is_warning") && meta.at("is_warning") == true) ++warnings;
    records[record["key"].get<std::string>()] = {record["value"], line};
  }

  auto required = [&](const char* key, const char* why) -> const Record& {
    const auto found = records.find(key);
    if (found == records.end()) file.fail(0, std::string("no '") + key + "' record: " + why);
    return found->second;
  };
  const Record& scenario_record =
      required("effective_scenario", "is this an mlperf_log_detail.txt?");
  const std::string scenario =
      scenario_record.value.is_string() ? scenario_record.value.get<std::string>() : "";
  if (!is_mlperf_scenario(scenario)) {
    file.fail(scenario_record.line, "unknown scenario " + scenario_record.value.dump() +
                                        " (expected SingleStream, MultiStream, Server or Offline)");
  }
  const char* why_missing = "no performance result (an accuracy-only run, or a truncated log)";
  const Record& validity = required("result_validity", why_missing);
  required("result_mean_latency_ns", why_missing);

  sim::RunResult run;
  if (validity.value != "VALID" && validity.value != "INVALID") {
    file.fail(validity.line, "result_validity is " + validity.value.dump() +
                                 ", expected \"VALID\" or \"INVALID\"");
  }
  add_metric(run, "result_valid", validity.value == "VALID" ? 1.0 : 0.0, "bool");
  auto number = [&](const std::string& key, const Record& r) {
    if (!r.value.is_number()) {
      file.fail(r.line, "'" + key + "' holds " + r.value.dump() + ", expected a number");
    }
    return r.value.get<double>();
  };
  for (const auto& [key, metric] : kFlags) {
    const auto r = records.find(key);
    if (r == records.end()) continue;
    if (!r->second.value.is_boolean()) {
      file.fail(r->second.line, std::string("'") + key + "' holds " + r->second.value.dump() +
                                    ", expected true or false");
    }
    add_metric(run, metric, r->second.value.get<bool>() ? 1.0 : 0.0, "bool");
  }
  for (const auto& [key, metric] : kNumbers) {
    const auto r = records.find(key);
    if (r == records.end()) continue;
    add_metric(run, metric, number(key, r->second),
               std::string(metric).find("rps") != std::string::npos ? "req/s" : "count");
  }
  // MultiStream's latencies are per query of several samples, as in its summary
  // (result_mean_query_latency_ns, result_99.00_percentile_per_query_latency_ns); its per-sample
  // ones are kept as sample_latency_*.
  const bool multistream = scenario == "MultiStream";
  static const std::regex latency(
      R"(result_(min|max|mean|[0-9.]+_percentile)(_per_query|_query)?_latency_ns)");
  for (const auto& [key, r] : records) {
    std::smatch match;
    if (!std::regex_match(key, match, latency)) continue;
    const bool per_query = match[2].matched;
    const std::string prefix = per_query == multistream ? "latency_" : "sample_latency_";
    if (per_query && !multistream) continue;
    const std::string what = match[1].str();
    const std::string metric =
        what.find("_percentile") != std::string::npos
            ? mlperf_percentile_metric(what.substr(0, what.find('_')), prefix)
            : prefix + "ms." + what;
    if (!metric.empty()) add_metric(run, metric, number(key, r) * 1e-6, "ms");
  }
  set_mlperf_throughput(run, scenario);
  add_metric(run, "loadgen_errors", errors, "count");
  add_metric(run, "loadgen_warnings", warnings, "count");

  nlohmann::ordered_json parameters;
  parameters["scenario"] = scenario;
  parameters["latency_unit"] = multistream ? "query" : "sample";
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  for (const auto& [key, r] : records) {
    if (key.rfind("effective_", 0) == 0 || key == "loadgen_version" || key == "test_datetime" ||
        key == "sut_name") {
      settings[key] = r.value;
    }
  }
  parameters["loadgen_settings"] = settings;
  sim::RunResult out = make_imported_run("mlperf-detail", path, scenario, parameters);
  out.metrics = std::move(run.metrics);
  return out;
}

}  // namespace servesim::validate
