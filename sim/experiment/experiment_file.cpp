// SPDX-License-Identifier: Apache-2.0
#include "sim/experiment/experiment_file.hpp"

#include "sim/util/usage_error.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace servesim::sim {
namespace {
std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}
}  // namespace

ExperimentFile ExperimentFile::read(const std::string& path,
                                    const boost::program_options::options_description& options) {
  std::ifstream in(path);
  if (!in) throw UsageError(path + ": cannot read the experiment file (check the path)");
  ExperimentFile file;
  file.path = path;
  const auto slash = path.find_last_of('/');
  file.name = path.substr(slash == std::string::npos ? 0 : slash + 1);
  if (file.name.ends_with(".ini")) file.name.resize(file.name.size() - 4);
  std::string section;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string where = path + ":" + std::to_string(number) + ": ";
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']') throw UsageError(where + "a section header is [name]");
      section = trim(line.substr(1, line.size() - 2));
      if (section != "sweep") {
        throw UsageError(where + "unknown section [" + section + "]; the only section is [sweep]");
      }
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos)
      throw UsageError(where + "expected key = value, got '" + line + "'");
    const std::string key = trim(line.substr(0, eq));
    const std::string value = trim(line.substr(eq + 1));
    if (options.find_nothrow(key, false) == nullptr || key == "db" || key == "json") {
      throw UsageError(where + "unknown key '" + key +
                       "'; keys are the options of 'servesim simulate' (see its --help)");
    }
    if (section == "sweep") {
      std::vector<std::string> values;
      std::istringstream list(value);
      std::string item;
      while (std::getline(list, item, ',')) {
        item = trim(item);
        if (item.empty()) throw UsageError(where + "empty value in the sweep of '" + key + "'");
        values.push_back(item);
      }
      if (values.empty()) throw UsageError(where + "sweep '" + key + "' has no values");
      file.axes.emplace_back(key, values);
    } else {
      file.base.emplace_back(key, value);
    }
  }
  return file;
}

std::size_t ExperimentFile::point_count() const {
  std::size_t count = 1;
  for (const auto& axis : axes) count *= axis.second.size();
  return count;
}

std::vector<std::pair<std::string, std::string>> ExperimentFile::point_values(
    std::size_t index) const {
  // The last axis varies fastest, like nested loops in file order.
  std::vector<std::pair<std::string, std::string>> values(axes.size());
  for (std::size_t a = axes.size(); a-- > 0;) {
    values[a] = {axes[a].first, axes[a].second[index % axes[a].second.size()]};
    index /= axes[a].second.size();
  }
  return values;
}

std::vector<std::string> ExperimentFile::point_args(std::size_t index) const {
  const auto swept = point_values(index);
  std::vector<std::string> args;
  for (const auto& [key, value] : base) {
    const bool overridden =
        std::any_of(swept.begin(), swept.end(), [&](const auto& s) { return s.first == key; });
    if (!overridden) args.push_back("--" + key + "=" + value);
  }
  for (const auto& [key, value] : swept) args.push_back("--" + key + "=" + value);
  return args;
}

std::string ExperimentFile::point_label(std::size_t index) const {
  std::string label;
  for (const auto& [key, value] : point_values(index)) {
    label += (label.empty() ? "" : " ") + key + "=" + value;
  }
  return label.empty() ? "base" : label;
}

}  // namespace servesim::sim
