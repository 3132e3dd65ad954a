// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/json_locator.hpp"

#include <nlohmann/json.hpp>

#include <iterator>
#include <vector>

namespace servesim::validate {
namespace {

// nlohmann's SAX events carry no position, so the input iterator counts lines as the lexer reads.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* at, TextPosition* position) : at_(at), position_(position) {}
  reference operator*() const { return *at_; }
  CountingIterator& operator++() {
    if (*at_ == '\n') {
      ++position_->line;
      position_->column = 0;
    } else {
      ++position_->column;
    }
    ++at_;
    return *this;
  }
  bool operator==(const CountingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const CountingIterator& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  TextPosition* position_;
};

std::string escape_token(const std::string& token) {
  std::string out;
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// Follows the path of each event and remembers the position of the deepest one on the way to the
// target pointer. Key events and container starts come right after their token is read, so the
// lexer position is exact there; scalars are read one character ahead and are not used.
class Locator : public nlohmann::json_sax<nlohmann::json> {
 public:
  Locator(std::string target, const TextPosition* now) : target_(std::move(target)), now_(now) {}
  TextPosition found() const { return best_; }

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool string(string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    frames_.back().key = name;
    return visit(path());
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool array = false;
    std::size_t index = 0;
    std::string key;
  };

  std::string path() const {
    std::string p;
    for (const Frame& f : frames_)
      p += "/" + (f.array ? std::to_string(f.index) : escape_token(f.key));
    return p;
  }
  // Returns false (stop parsing) once the target itself is reached.
  bool visit(const std::string& p) {
    if (p == target_) {
      best_ = {now_->line + 1, now_->column};
      return false;
    }
    if (target_.compare(0, p.size(), p) == 0 && target_.size() > p.size() &&
        target_[p.size()] == '/') {
      best_ = {now_->line + 1, now_->column};
    }
    return true;
  }
  bool open(bool array) {
    if (!frames_.empty() && frames_.back().array && !visit(path())) return false;
    frames_.push_back({array, 0, ""});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return scalar();
  }
  bool scalar() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }

  std::string target_;
  const TextPosition* now_;
  std::vector<Frame> frames_;
  TextPosition best_{1, 1};
};

}  // namespace

TextPosition locate_json_value(std::string_view text, const std::string& pointer) {
  TextPosition now{0, 0};  // 0-based line, characters consumed on it
  Locator locator(pointer, &now);
  const CountingIterator first(text.data(), &now);
  const CountingIterator last(text.data() + text.size(), &now);
  nlohmann::json::sax_parse(first, last, &locator);
  return locator.found();
}

TextPosition position_of_offset(std::string_view text, std::size_t offset) {
  TextPosition position{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

}  // namespace servesim::validate
