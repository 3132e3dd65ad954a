// SPDX-License-Identifier: Apache-2.0
#include "validate/validation/scenario_args.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace servesim::validate {
namespace {
std::string number_text(const nlohmann::json& value) {
  std::ostringstream out;
  out.precision(17);
  if (value.is_number_integer()) {
    out << value.get<long long>();
  } else {
    out << value.get<double>();
  }
  return out.str();
}
}  // namespace

std::vector<std::string> scenario_args_from_config_json(const std::string& config_json) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(config_json);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("the run's config_json is not JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("topology") || !j["topology"].is_string()) {
    throw std::invalid_argument(
        "the run's config_json names no topology; give the scenario with --topology and the "
        "workload options");
  }
  // key in config_json -> option of the serving scenario
  const std::pair<const char*, const char*> options[] = {
      {"topology", "--topology"}, {"images", "--image"},    {"concurrency", "--concurrency"},
      {"think_ms", "--think-ms"}, {"arrival", "--arrival"}, {"load", "--load"},
      {"rate_per_s", "--rate"},   {"on_s", "--on-s"},       {"off_s", "--off-s"},
      {"trace", "--trace"},       {"speedup", "--speedup"}, {"duration_s", "--duration-s"},
      {"warmup_s", "--warmup-s"}, {"seed", "--seed"},       {"replication", "--replication"}};
  std::vector<std::string> args;
  try {
    for (const auto& [key, option] : options) {
      if (!j.contains(key)) continue;
      args.push_back(option);
      args.push_back(j[key].is_string() ? j[key].get<std::string>() : number_text(j[key]));
    }
    if (j.contains("set")) {
      for (const auto& item : j["set"]) {
        args.push_back("--set");
        args.push_back(item.get<std::string>());
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("the run's config_json has a malformed value: ") +
                                e.what());
  }
  return args;
}

std::vector<std::string> override_scenario_args(const std::vector<std::string>& stored,
                                                const std::vector<std::string>& given) {
  auto given_again = [&given](const std::string& option) {
    return std::any_of(given.begin(), given.end(), [&option](const std::string& arg) {
      return arg == option || arg.rfind(option + "=", 0) == 0;
    });
  };
  std::vector<std::string> args;
  // Stored options come in pairs: --option value.
  for (std::size_t i = 0; i + 1 < stored.size(); i += 2) {
    if (stored[i] != "--set" && given_again(stored[i])) continue;
    args.push_back(stored[i]);
    args.push_back(stored[i + 1]);
  }
  args.insert(args.end(), given.begin(), given.end());
  return args;
}

}  // namespace servesim::validate
