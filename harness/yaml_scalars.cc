// Text checks and YAML scalars of the scenario loader (yaml_scalars.h).
#include "harness/yaml_scalars.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>

#include "harness/loader.h"
#include "harness/loader_limits.h"

namespace statussim::harness {
namespace loader_internal {
namespace {

using sim::Value;

constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";

}  // namespace

// A short quote of a scalar for messages (long values are cut).
std::string Quote(std::string_view s) {
  constexpr size_t kMax = 40;
  if (s.size() > kMax) return fmt::format("'{}...'", s.substr(0, kMax));
  return fmt::format("'{}'", s);
}

// --- Text checks, before yaml-cpp sees the text.

// Length of the UTF-8 sequence starting at s[i], or 0 when it is invalid
// (overlong, surrogate, past U+10FFFF, truncated).
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto cont = [&](size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

// The file must be UTF-8 text (yaml-cpp would guess other encodings, and
// silently drops some control characters). Columns count bytes, as
// yaml-cpp's marks do.
std::optional<LoadError> CheckText(std::string_view text, const std::string& file) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const Location here{line, static_cast<int>(i - line_start) + 1};
    if (c == '\n') {
      ++line;
      line_start = ++i;
      continue;
    }
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
      return LoadError{file, here,
                       fmt::format("control character 0x{:02X}: a scenario is UTF-8 text, "
                                   "not a binary file",
                                   c)};
    }
    const size_t n = Utf8Length(text, i);
    if (n == 0) {
      return LoadError{
          file, here,
          fmt::format("invalid UTF-8 (byte 0x{:02X}): a scenario must be UTF-8 text", c)};
    }
    i += n;
  }
  return std::nullopt;
}

// --- Scalars: YAML 1.2 core, as SCENARIOS.md "Values" restricts it.

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view StripSign(std::string_view s) {
  return (!s.empty() && (s[0] == '+' || s[0] == '-')) ? s.substr(1) : s;
}

// [-+]? [0-9]+
bool IsCoreInt(std::string_view s) { return IsDigits(StripSign(s)); }

// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool IsCoreFloat(std::string_view s) {
  s = StripSign(s);
  const size_t e = s.find_first_of("eE");
  const std::string_view mant = s.substr(0, e);
  if (e != std::string_view::npos && !IsCoreInt(s.substr(e + 1))) return false;
  const size_t dot = mant.find('.');
  if (dot == std::string_view::npos) return IsDigits(mant);
  const std::string_view ip = mant.substr(0, dot);
  const std::string_view fp = mant.substr(dot + 1);
  if (ip.empty()) return IsDigits(fp);
  return IsDigits(ip) && (fp.empty() || IsDigits(fp));
}

bool IsSpecialFloat(std::string_view s) {
  constexpr std::string_view kSpecial[] = {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"};
  const std::string_view body =
      (s.find("nan") != std::string_view::npos || s.find("NaN") != std::string_view::npos ||
       s.find("NAN") != std::string_view::npos)
          ? s
          : StripSign(s);
  return std::find(std::begin(kSpecial), std::end(kSpecial), body) != std::end(kSpecial);
}

// A plain scalar: true/false, a decimal integer, a float, else a string.
Result<Value> ResolvePlain(const std::string& s) {
  if (s == "true") return Value(true);
  if (s == "false") return Value(false);
  if (IsCoreInt(s)) {
    const std::string_view digits = s[0] == '+' ? std::string_view(s).substr(1) : s;
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
      return Status::Error(fmt::format("integer {} is out of range (64-bit)", Quote(s)));
    }
    return Value(v);
  }
  if (IsCoreFloat(s)) {
    const std::string_view num = s[0] == '+' ? std::string_view(s).substr(1) : s;
    double d = 0;
    const auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), d);
    if (ec != std::errc() || end != num.data() + num.size() || !std::isfinite(d)) {
      return Status::Error(fmt::format("number {} is out of range", Quote(s)));
    }
    return Value(d);
  }
  if (IsSpecialFloat(s)) {
    return Status::Error(
        fmt::format("{} (infinity or NaN) is not supported; quote it for a string", Quote(s)));
  }
  return Value(s);
}

// A scalar or null node as a Value. Quoted scalars (tag "!") are strings.
Result<Value> ScalarValue(const YAML::Node& n) {
  if (n.IsNull()) return Value();
  const std::string& tag = n.Tag();
  if (tag == "?") return ResolvePlain(n.Scalar());
  if (tag == "!" || tag == kStrTag) return Value(n.Scalar());
  return Status::Error(fmt::format("explicit tag {} is not supported", Quote(tag)));
}

bool IsPlain(const YAML::Node& n) { return n.IsScalar() && n.Tag() == "?"; }

// "the integer 123", "a list", ... for messages.
std::string Describe(const YAML::Node& n) {
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "null (nothing)";
  Result<Value> v = ScalarValue(n);
  if (!v.ok() || v.value().is_string()) return "the string " + Quote(n.Scalar());
  if (v.value().is_bool()) return "the boolean " + n.Scalar();
  if (v.value().is_int()) return "the integer " + n.Scalar();
  return "the number " + n.Scalar();
}

}  // namespace loader_internal

using loader_internal::kMaxDurationMs;
using loader_internal::Quote;

// SCENARIOS.md "Values": an integer of ms, or <int><unit> with ms, s, m, h, d.
Result<int64_t> ParseDuration(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return Status::Error(fmt::format("{} is not a duration: {}", Quote(text), why));
  };
  if (text.empty()) return bad("it is empty");
  if (text[0] == '-') return bad("a duration is never negative");
  size_t i = 0;
  int64_t n = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    n = n * 10 + (text[i] - '0');
    if (n > kMaxDurationMs) return bad("too long (the limit is 100 years)");
    ++i;
  }
  if (i == 0) return bad("expected a number, then ms, s, m, h or d (such as 250ms or 5s)");
  const std::string_view unit = text.substr(i);
  if (!unit.empty() && (unit[0] == '.' || unit[0] == ',')) {
    return bad("no fractions (write 1500ms, not 1.5s)");
  }
  if (unit.find_first_of(" \t") != std::string_view::npos) return bad("no spaces");
  int64_t scale = 0;
  if (unit.empty() || unit == "ms") scale = 1;
  if (unit == "s") scale = 1000;
  if (unit == "m") scale = 60'000;
  if (unit == "h") scale = 3'600'000;
  if (unit == "d") scale = 86'400'000;
  if (scale == 0) return bad(fmt::format("unknown unit {} (ms, s, m, h or d)", Quote(unit)));
  if (n > kMaxDurationMs / scale) return bad("too long (the limit is 100 years)");
  return n * scale;
}

}  // namespace statussim::harness
