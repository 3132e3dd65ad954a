// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/mlperf_summary_importer.hpp"

#include "sim/report/metric_names.hpp"

#include "validate/importers/imported_run.hpp"
#include "validate/importers/mlperf_fields.hpp"
#include "validate/importers/text_source.hpp"
#include <map>
#include <regex>

namespace servesim::validate {
namespace {

// "key : value" lines whose value is a number, and the metric each one becomes.
struct NumberKey {
  const char* key;
  const char* metric;
  double scale;  // ns -> ms for latencies
  const char* unit;
};
constexpr NumberKey kNumbers[] = {
    {"Scheduled samples per second", "throughput_scheduled_rps", 1.0, "req/s"},
    {"Completed samples per second", "throughput_completed_rps", 1.0, "req/s"},
    {"Samples per second", "samples_per_s", 1.0, "req/s"},
    {"QPS w/ loadgen overhead", "throughput_with_loadgen_overhead_rps", 1.0, "req/s"},
    {"QPS w/o loadgen overhead", "throughput_without_loadgen_overhead_rps", 1.0, "req/s"},
    {"Min latency (ns)", "latency_ms.min", 1e-6, "ms"},
    {"Max latency (ns)", "latency_ms.max", 1e-6, "ms"},
    {"Mean latency (ns)", "latency_ms.mean", 1e-6, "ms"},
};
constexpr std::pair<const char*, const char*> kFlags[] = {
    {"Performance constraints satisfied", "perf_constraints_met"},
    {"Min duration satisfied", "min_duration_met"},
    {"Min queries satisfied", "min_queries_met"},
    {"Early stopping satisfied", "early_stopping_met"},
};

}  // namespace

sim::RunResult import_mlperf_summary(const std::string& path) {
  const TextFile file = read_text_file(path);
  // "50.00 percentile latency (ns)" and the headline "90th percentile latency (ns)".
  static const std::regex percentile(R"((\d+(?:\.\d+)?)(?:th)? percentile latency \(ns\))");
  std::string section, scenario;
  int result_line = 0;
  nlohmann::ordered_json parameters;
  nlohmann::ordered_json test_parameters = nlohmann::ordered_json::object();
  sim::RunResult run;
  auto number = [&](int line, const std::string& key, const std::string& value) {
    const auto v = to_number(value);
    if (!v) file.fail(line, "'" + key + "' is '" + value + "', not a number");
    return *v;
  };
  for (std::size_t i = 0; i < file.lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    const std::string text(trim(file.lines[i]));
    if (text.empty() || text.front() == '=' || text.front() == '*') continue;
    const auto colon = text.find(':');
    if (colon == std::string::npos) {  // a section title, or a note ("No warnings encountered")
      if (text == "MLPerf Results Summary" || text == "Additional Stats" ||
          text == "Test Parameters Used") {
        section = text;
      }
      continue;
    }
    const std::string key(trim(std::string_view(text).substr(0, colon)));
    const std::string value(trim(std::string_view(text).substr(colon + 1)));
    if (section == "Test Parameters Used") {
      test_parameters[key] = value;
      continue;
    }
    std::smatch match;
    if (key == "SUT name" || key == "Mode") {
      parameters[key == "Mode" ? "mode" : "sut_name"] = value;
    } else if (key == "Scenario") {
      if (!is_mlperf_scenario(value)) {
        file.fail(line, "unknown scenario '" + value +
                            "' (expected SingleStream, MultiStream, Server or Offline)");
      }
      scenario = value;
    } else if (key == "Result is") {
      if (value != "VALID" && value != "INVALID") {
        file.fail(line, "'Result is' is '" + value + "', expected VALID or INVALID");
      }
      add_metric(run, "result_valid", value == "VALID" ? 1.0 : 0.0, "bool");
      result_line = line;
    } else if (std::regex_match(key, match, percentile)) {
      add_metric(run, mlperf_percentile_metric(match[1].str(), "latency_"),
                 number(line, key, value) * 1e-6, "ms");
    } else {
      for (const NumberKey& n : kNumbers) {
        if (key == n.key) add_metric(run, n.metric, number(line, key, value) * n.scale, n.unit);
      }
      for (const auto& [flag, metric] : kFlags) {
        if (key != flag) continue;
        if (value == "Skipped") continue;
        if (value != "Yes" && value != "NO" && value != "No") {
          file.fail(line, "'" + key + "' is '" + value + "', expected Yes, NO or Skipped");
        }
        add_metric(run, metric, value == "Yes" ? 1.0 : 0.0, "bool");
      }
    }
  }
  if (scenario.empty()) {
    file.fail(0, "no 'Scenario :' line: is this an mlperf_log_summary.txt?");
  }
  if (result_line == 0) file.fail(0, "no 'Result is :' line: the summary looks truncated");
  if (!find_metric(run, sim::metric::latency_ms("mean"))) {
    file.fail(0, "no 'Mean latency (ns) :' line: the summary looks truncated");
  }
  set_mlperf_throughput(run, scenario);
  parameters["scenario"] = scenario;
  parameters["latency_unit"] = scenario == "MultiStream" ? "query" : "sample";
  parameters["test_parameters"] = test_parameters;
  sim::RunResult out = make_imported_run("mlperf-summary", path, scenario, parameters);
  out.metrics = std::move(run.metrics);
  return out;
}

}  // namespace servesim::validate
