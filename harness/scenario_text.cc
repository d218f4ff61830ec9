// Lines, extents and edits of a scenario file's text (scenario_text.h).
#include "harness/scenario_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace statussim::harness {
namespace {

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

bool IsComment(std::string_view line) {
  const size_t i = line.find_first_not_of(" \t");
  return i != std::string_view::npos && line[i] == '#';
}

// Content: neither blank nor a comment line.
bool IsContent(std::string_view line) { return !IsBlank(line) && !IsComment(line); }

int Indent(std::string_view line) {
  const size_t i = line.find_first_not_of(' ');
  return i == std::string_view::npos ? static_cast<int>(line.size()) : static_cast<int>(i);
}

bool IsWordStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsWordChar(char c) { return IsWordStart(c) || (c >= '0' && c <= '9'); }

// A plain word key and its colon at `column`: the key, or nullopt.
std::optional<std::string> WordKeyAt(std::string_view line, int column) {
  size_t i = static_cast<size_t>(column);
  if (i >= line.size() || !IsWordStart(line[i])) return std::nullopt;
  size_t j = i;
  while (j < line.size() && IsWordChar(line[j])) ++j;
  if (j >= line.size() || line[j] != ':') return std::nullopt;
  if (j + 1 < line.size() && line[j + 1] != ' ' && line[j + 1] != '\r') return std::nullopt;
  return std::string(line.substr(i, j - i));
}

// The end (one past the colon) of the key, of any style, written at `i`.
std::optional<size_t> KeyColonEnd(std::string_view line, size_t i) {
  if (i >= line.size()) return std::nullopt;
  if (line[i] == '"' || line[i] == '\'') {
    const char q = line[i];
    size_t j = i + 1;
    for (; j < line.size(); ++j) {
      if (q == '"' && line[j] == '\\') {
        ++j;
      } else if (line[j] == q) {
        if (q == '\'' && j + 1 < line.size() && line[j + 1] == '\'') {
          ++j;
        } else {
          break;
        }
      }
    }
    if (j >= line.size()) return std::nullopt;
    size_t k = j + 1;
    while (k < line.size() && line[k] == ' ') ++k;
    if (k >= line.size() || line[k] != ':') return std::nullopt;
    return k + 1;
  }
  for (size_t j = i; j < line.size(); ++j) {
    if (line[j] == ':' && (j + 1 == line.size() || line[j + 1] == ' ' || line[j + 1] == '\r')) {
      return j + 1;
    }
    if (line[j] == ',' || line[j] == '{' || line[j] == '}' || line[j] == '[' || line[j] == ']' ||
        line[j] == '#') {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> SplitLines(const std::string& text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(std::string_view(text).substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

}  // namespace

const KeySpan* StepLayout::Find(std::string_view key) const {
  for (const KeySpan& k : keys) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

ScenarioText::ScenarioText(std::string text) : text_(std::move(text)) {
  starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n' && i + 1 < text_.size()) starts_.push_back(i + 1);
  }
  const size_t nl = text_.find('\n');
  if (nl != std::string::npos && nl > 0 && text_[nl - 1] == '\r') eol_ = "\r\n";
}

std::string_view ScenarioText::Line(int line) const {
  if (line < 0 || line >= line_count()) return {};
  const size_t begin = starts_[static_cast<size_t>(line)];
  return std::string_view(text_).substr(begin, LineEnd(line) - begin);
}

size_t ScenarioText::LineEnd(int line) const {
  const size_t next = static_cast<size_t>(line) + 1 < starts_.size()
                          ? starts_[static_cast<size_t>(line) + 1]
                          : text_.size();
  size_t end = next;
  if (end > starts_[static_cast<size_t>(line)] && text_[end - 1] == '\n') --end;
  if (end > starts_[static_cast<size_t>(line)] && text_[end - 1] == '\r') --end;
  return end;
}

size_t ScenarioText::Offset(int line, int column) const {
  return std::min(starts_[static_cast<size_t>(line)] + static_cast<size_t>(column), LineEnd(line));
}

Result<StepLayout> ScenarioText::Step(Location where) const {
  const int l0 = where.line - 1;
  const int c0 = where.column - 1;
  if (l0 < 0 || l0 >= line_count() || c0 < 0 || static_cast<size_t>(c0) >= Line(l0).size()) {
    return Status::Error("the step is not where the loader saw it");
  }
  const std::string_view first = Line(l0);
  if (first[static_cast<size_t>(c0)] == '{') {
    return Status::Error("the step is written in flow style ({...}); write it as a block map");
  }
  if (first[static_cast<size_t>(c0)] == '*' || first[static_cast<size_t>(c0)] == '&') {
    return Status::Error("the step is written through an anchor or alias");
  }
  StepLayout layout;
  layout.key_column = c0;
  // The `-` before the first key, on its line or alone on an earlier one.
  layout.dash_line = -1;
  int i = c0 - 1;
  while (i >= 0 && first[static_cast<size_t>(i)] == ' ') --i;
  if (i >= 0 && first[static_cast<size_t>(i)] == '-' && Indent(first) == i) {
    layout.dash_line = l0;
    layout.dash_column = i;
  } else if (i < 0) {
    for (int l = l0 - 1; l >= 0; --l) {
      const std::string_view line = Line(l);
      if (!IsContent(line)) continue;
      const size_t d = static_cast<size_t>(Indent(line));
      if (line.substr(d).find_first_not_of(" \r", 1) == std::string_view::npos && line[d] == '-') {
        layout.dash_line = l;
        layout.dash_column = static_cast<int>(d);
      }
      break;
    }
  }
  if (layout.dash_line < 0) return Status::Error("cannot find the `-` of the step");
  std::optional<std::string> key = WordKeyAt(first, c0);
  if (!key) return Status::Error("cannot read the step's first key");
  layout.keys.push_back(KeySpan{*key, l0, c0, l0});
  layout.last_line = l0;
  for (int l = l0 + 1; l < line_count(); ++l) {
    const std::string_view line = Line(l);
    if (!IsContent(line)) continue;
    const int indent = Indent(line);
    if (indent < c0) break;
    if (indent == c0) {
      key = WordKeyAt(line, c0);
      if (!key) return Status::Error(fmt::format("cannot read the step key on line {}", l + 1));
      layout.keys.push_back(KeySpan{*key, l, c0, l});
    }
    layout.keys.back().last_line = l;
    layout.last_line = l;
  }
  return layout;
}

Result<size_t> ScenarioText::FlowEnd(size_t begin) const {
  int depth = 0;
  for (size_t i = begin; i < text_.size(); ++i) {
    const char c = text_[i];
    const char before = i > begin ? text_[i - 1] : ' ';
    const bool scalar_start = before == ' ' || before == '{' || before == '[' || before == ',' ||
                              before == ':' || before == '\n' || before == '\t';
    if ((c == '"' || c == '\'') && scalar_start) {
      for (++i; i < text_.size(); ++i) {
        if (c == '"' && text_[i] == '\\') {
          ++i;
        } else if (text_[i] == c) {
          if (c == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
            ++i;
          } else {
            break;
          }
        }
      }
    } else if (c == '#' && (before == ' ' || before == '\t')) {
      while (i < text_.size() && text_[i] != '\n') ++i;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return Status::Error("a flow collection is not closed");
}

Result<size_t> ScenarioText::ValueStart(int line, int column) const {
  const std::string_view text = Line(line);
  const std::optional<size_t> colon = KeyColonEnd(text, static_cast<size_t>(column));
  if (!colon) return Status::Error(fmt::format("cannot read the key at line {}", line + 1));
  size_t i = *colon;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i >= text.size() || text[i] == '#' || text[i] == '\r') return LineEnd(line);
  return starts_[static_cast<size_t>(line)] + i;
}

Result<size_t> ScenarioText::AfterColon(int line, int column) const {
  const std::optional<size_t> colon = KeyColonEnd(Line(line), static_cast<size_t>(column));
  if (!colon) return Status::Error(fmt::format("cannot read the key at line {}", line + 1));
  return starts_[static_cast<size_t>(line)] + *colon;
}

int ScenarioText::BlockValueLastLine(int line, int column) const {
  int last = line;
  for (int l = line + 1; l < line_count(); ++l) {
    const std::string_view text = Line(l);
    if (!IsContent(text)) continue;
    const int indent = Indent(text);
    const bool item_here = indent == column && text[static_cast<size_t>(indent)] == '-' &&
                           (text.size() == static_cast<size_t>(indent) + 1 ||
                            text[static_cast<size_t>(indent) + 1] == ' ');
    if (indent < column || (indent == column && !item_here)) break;
    last = l;
  }
  return last;
}

std::string ScenarioText::Apply(std::vector<TextEdit> edits) const {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const TextEdit& a, const TextEdit& b) { return a.begin < b.begin; });
  std::string out;
  size_t at = 0;
  for (const TextEdit& e : edits) {
    // Overlapping edits are a bug of the caller.
    if (e.begin < at || e.end < e.begin || e.end > text_.size()) {
      std::fprintf(stderr, "%s:%d: overlapping or bad text edits\n", __FILE__, __LINE__);
      std::abort();
    }
    out.append(text_, at, e.begin - at);
    out += e.text;
    at = e.end;
  }
  out.append(text_, at, std::string::npos);
  return out;
}

std::string UnifiedDiff(const std::string& label, const std::string& before,
                        const std::string& after) {
  if (before == after) return "";
  const std::vector<std::string_view> a = SplitLines(before);
  const std::vector<std::string_view> b = SplitLines(after);
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  // Longest common subsequence of the middles (scenario files are small).
  const size_t n = a.size() - prefix - suffix;
  const size_t m = b.size() - prefix - suffix;
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1
                                                 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  // The script: ' ' kept, '-' removed, '+' added, with each side's line index.
  struct Op {
    char kind;
    size_t ai, bi;
  };
  std::vector<Op> ops;
  for (size_t i = 0; i < prefix; ++i) ops.push_back({' ', i, i});
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
      ops.push_back({' ', prefix + i++, prefix + j++});
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push_back({'-', prefix + i++, prefix + j});  // removals first, as diff -u
    } else {
      ops.push_back({'+', prefix + i, prefix + j++});
    }
  }
  for (size_t k = 0; k < suffix; ++k) ops.push_back({' ', prefix + n + k, prefix + m + k});

  const auto text = [](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return std::string(line);
  };
  constexpr size_t kContext = 3;
  std::string out = fmt::format("--- {}\n+++ {}\n", label, label);
  size_t k = 0;
  while (k < ops.size()) {
    if (ops[k].kind == ' ') {
      ++k;
      continue;
    }
    // A hunk: changes closer than 2 * kContext kept lines apart join.
    size_t begin = k >= kContext ? k - kContext : 0;
    size_t end = k;
    size_t last_change = k;
    while (end < ops.size()) {
      if (ops[end].kind != ' ') last_change = end;
      if (end - last_change > 2 * kContext) break;
      ++end;
    }
    end = std::min(ops.size(), last_change + kContext + 1);
    size_t a_count = 0, b_count = 0;
    for (size_t h = begin; h < end; ++h) {
      if (ops[h].kind != '+') ++a_count;
      if (ops[h].kind != '-') ++b_count;
    }
    const size_t a_start = a_count ? ops[begin].ai + 1 : ops[begin].ai;
    const size_t b_start = b_count ? ops[begin].bi + 1 : ops[begin].bi;
    out += fmt::format("@@ -{},{} +{},{} @@\n", a_start, a_count, b_start, b_count);
    for (size_t h = begin; h < end; ++h) {
      out += ops[h].kind;
      out += text(ops[h].kind == '+' ? b[ops[h].bi] : a[ops[h].ai]);
      out += '\n';
    }
    k = end;
  }
  return out;
}

}  // namespace statussim::harness
