// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/prometheus_text.hpp"

#include <cctype>
#include <limits>

namespace servesim::validate {
namespace {

bool name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool name_char(char c) { return name_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

class LineParser {
 public:
  LineParser(const TextFile& file, int line_no)
      : file_(file), line_no_(line_no), text_(file.lines[static_cast<std::size_t>(line_no - 1)]) {}

  PrometheusSample parse() {
    PrometheusSample sample;
    sample.line = line_no_;
    skip_spaces();
    sample.name = name("a metric name");
    skip_spaces();
    if (peek() == '{') labels(sample);
    skip_spaces();
    const std::string value = token();
    if (value.empty()) fail("no value after '" + sample.name + "'");
    sample.value = number(value, sample.name);
    skip_spaces();
    const std::string stamp = token();
    if (!stamp.empty()) {
      sample.timestamp_ms = to_integer(stamp);
      if (!sample.timestamp_ms) fail("timestamp '" + stamp + "' is not an integer (ms)");
    }
    skip_spaces();
    if (at_ < text_.size()) fail("unexpected '" + text_.substr(at_) + "' after the sample");
    return sample;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { file_.fail(line_no_, what); }
  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  void skip_spaces() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t')) ++at_;
  }
  std::string token() {
    const std::size_t start = at_;
    while (at_ < text_.size() && text_[at_] != ' ' && text_[at_] != '\t') ++at_;
    return text_.substr(start, at_ - start);
  }
  std::string name(const char* what) {
    const std::size_t start = at_;
    if (!name_start(peek()))
      fail(std::string("expected ") + what + " at '" + text_.substr(at_) + "'");
    while (at_ < text_.size() && name_char(text_[at_])) ++at_;
    return text_.substr(start, at_ - start);
  }
  void labels(PrometheusSample& sample) {
    ++at_;  // '{'
    while (true) {
      skip_spaces();
      if (peek() == '}') break;
      std::string key = name("a label name");
      skip_spaces();
      if (peek() != '=') fail("expected '=' after label '" + key + "'");
      ++at_;
      skip_spaces();
      if (peek() != '"') fail("label '" + key + "' value does not start with '\"'");
      ++at_;
      std::string value;
      while (true) {
        if (at_ >= text_.size()) fail("label '" + key + "' value has no closing '\"'");
        const char c = text_[at_++];
        if (c == '"') break;
        if (c == '\\' && at_ < text_.size()) {
          const char e = text_[at_++];
          value += e == 'n' ? '\n' : e;
        } else {
          value += c;
        }
      }
      sample.labels.emplace_back(std::move(key), std::move(value));
      skip_spaces();
      if (peek() == ',') {
        ++at_;
      } else if (peek() != '}') {
        fail("expected ',' or '}' after label '" + sample.labels.back().first + "'");
      }
    }
    ++at_;  // '}'
  }
  double number(const std::string& text, const std::string& metric) const {
    if (text == "+Inf" || text == "Inf") return std::numeric_limits<double>::infinity();
    if (text == "-Inf") return -std::numeric_limits<double>::infinity();
    if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    const std::optional<double> value = to_number(text);
    if (!value) fail("value '" + text + "' of " + metric + " is not a number");
    return *value;
  }

  const TextFile& file_;
  int line_no_;
  const std::string& text_;
  std::size_t at_ = 0;
};

}  // namespace

std::string PrometheusSample::label(const std::string& key) const {
  for (const auto& [k, v] : labels) {
    if (k == key) return v;
  }
  return "";
}

std::vector<PrometheusSample> parse_prometheus_text(const TextFile& file) {
  std::vector<PrometheusSample> samples;
  for (std::size_t i = 0; i < file.lines.size(); ++i) {
    const std::string_view line = trim(file.lines[i]);
    if (line.empty() || line.front() == '#') continue;
    samples.push_back(LineParser(file, static_cast<int>(i) + 1).parse());
  }
  return samples;
}

}  // namespace servesim::validate
