// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/json_pruned_parse.hpp"

#include <algorithm>

namespace servesim::validate {
namespace {
using nlohmann::json;

class PrunedDomBuilder : public nlohmann::json_sax<json> {
 public:
  explicit PrunedDomBuilder(const std::vector<std::string>& drop) : drop_(drop) {}

  json result;
  std::size_t error_byte = 0;
  std::string error;

  bool null() override { return add(nullptr); }
  bool boolean(bool v) override { return add(v); }
  bool number_integer(number_integer_t v) override { return add(v); }
  bool number_unsigned(number_unsigned_t v) override { return add(v); }
  bool number_float(number_float_t v, const string_t&) override { return add(v); }
  bool string(string_t& v) override { return add(std::move(v)); }
  bool binary(binary_t& v) override { return add(json::binary(std::move(v))); }
  bool start_object(std::size_t) override { return open(json::object()); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    if (skip_depth_ == 0) {
      key_ = name;
      drop_next_ = std::find(drop_.begin(), drop_.end(), name) != drop_.end();
    }
    return true;
  }
  bool parse_error(std::size_t byte, const std::string&,
                   const nlohmann::detail::exception& e) override {
    error_byte = byte;
    error = e.what();
    return false;
  }

 private:
  bool add(json&& value) {
    if (skip_depth_ > 0) return true;
    if (drop_next_) {
      drop_next_ = false;
      return true;
    }
    insert(std::move(value));
    return true;
  }
  bool open(json&& container) {
    if (skip_depth_ > 0 || drop_next_) {
      drop_next_ = false;
      ++skip_depth_;
      return true;
    }
    containers_.push_back(insert(std::move(container)));
    return true;
  }
  bool close() {
    if (skip_depth_ > 0) {
      --skip_depth_;
    } else {
      containers_.pop_back();
    }
    return true;
  }
  // Values are only ever added to the innermost open container, so the pointers to the outer
  // ones stay valid while it grows.
  json* insert(json&& value) {
    if (containers_.empty()) {
      result = std::move(value);
      return &result;
    }
    json& parent = *containers_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }

  const std::vector<std::string>& drop_;
  std::vector<json*> containers_;
  std::string key_;
  bool drop_next_ = false;
  int skip_depth_ = 0;
};

}  // namespace

nlohmann::json parse_json_pruned(std::string_view text, const std::vector<std::string>& drop) {
  PrunedDomBuilder builder(drop);
  if (!json::sax_parse(text.begin(), text.end(), &builder)) {
    throw JsonSyntaxError(builder.error_byte, builder.error);
  }
  return std::move(builder.result);
}

}  // namespace servesim::validate
