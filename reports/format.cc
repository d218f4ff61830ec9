// The failure text shared by the console, JUnit and Markdown, and the text
// helpers of format_internal.h.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "harness/protocol.h"
#include "reports/format_internal.h"
#include "reports/reports.h"

namespace statussim::reports {
namespace internal {
namespace {

using harness::Finding;
using harness::ScenarioResult;
using harness::TraceEntry;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026

// Length of the well-formed UTF-8 sequence that starts `s` (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), 0 if there is none.
size_t SequenceLength(std::string_view s, char32_t* code_point) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) {
    *code_point = b0;
    return 1;
  }
  size_t length = 0;
  char32_t cp = 0;
  unsigned char low = 0x80;  // bounds of the second byte
  unsigned char high = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    cp = b0 & 0x0F;
    low = b0 == 0xE0 ? 0xA0 : low;
    high = b0 == 0xED ? 0x9F : high;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    cp = b0 & 0x07;
    low = b0 == 0xF0 ? 0x90 : low;
    high = b0 == 0xF4 ? 0x8F : high;
  } else {
    return 0;
  }
  if (s.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < low || b > high) return 0;
    low = 0x80;
    high = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
  }
  *code_point = cp;
  return length;
}

// Characters XML 1.0 forbids (and DEL, which no report should carry raw).
bool IsForbidden(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F || cp == 0xFFFE ||
         cp == 0xFFFF;
}

// Escapes markup. `apostrophe` is how a quote is written ("" = left as it is,
// and so is '"'); `whitespace`: tab, LF and CR as character references, which
// an attribute value would otherwise lose to normalisation.
std::string Escape(std::string_view clean, std::string_view apostrophe, bool whitespace) {
  const bool quotes = !apostrophe.empty();
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (char c : clean) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"' && quotes) {
      out += "&quot;";
    } else if (c == '\'' && quotes) {
      out += apostrophe;
    } else if ((c == '\t' || c == '\n' || c == '\r') && whitespace) {
      out += fmt::format("&#{};", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string CleanText(std::string_view text, Controls controls) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const size_t length = SequenceLength(text.substr(i), &cp);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    const bool crlf = cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    if (controls == Controls::kEscape && cp == '\r' && !crlf) {
      out += "\\x0d";
    } else if (controls == Controls::kEscape && crlf) {
      // dropped: the LF that follows ends the line
    } else if (!IsForbidden(cp)) {
      out.append(text.substr(i, length));
    } else if (controls == Controls::kEscape) {
      out += cp < 0x100 ? fmt::format("\\x{:02x}", static_cast<unsigned>(cp))
                        : fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
    }
    i += length;
  }
  return out;
}

std::string EscapeXml(std::string_view text) {
  return Escape(CleanText(text, Controls::kDrop), "", false);
}

std::string EscapeXmlAttribute(std::string_view text) {
  return Escape(CleanText(text, Controls::kDrop), "&apos;", true);
}

std::string EscapeHtml(std::string_view text) {
  return Escape(CleanText(text, Controls::kEscape), "&#39;", false);
}

std::string Truncate(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

std::string_view FirstLine(std::string_view text) { return text.substr(0, text.find('\n')); }

std::string LocationText(const std::string& file, const harness::Location& where) {
  if (where.line <= 0) return file;
  if (where.column <= 0) return fmt::format("{}:{}", file, where.line);
  return fmt::format("{}:{}:{}", file, where.line, where.column);
}

std::string HumanMillis(harness::Millis ms) {
  if (ms < 1000) return fmt::format("{}ms", ms);
  const harness::Millis hours = ms / 3'600'000;
  const harness::Millis minutes = ms / 60'000 % 60;
  std::string seconds = hours + minutes > 0 ? fmt::format("{:02}", ms / 1000 % 60)
                                            : fmt::format("{}", ms / 1000 % 60);
  if (ms % 1000 != 0) {
    std::string fraction = fmt::format("{:03}", ms % 1000);
    fraction.erase(fraction.find_last_not_of('0') + 1);
    seconds += "." + fraction;
  }
  if (hours > 0) return fmt::format("{}h {:02}m {}s", hours, minutes, seconds);
  if (minutes > 0) return fmt::format("{}m {}s", minutes, seconds);
  return seconds + "s";
}

std::string_view LeadingWords(std::string_view text) {
  text = FirstLine(text);
  size_t end = 0;
  for (int words = 0; words < 3 && end < text.size(); ++words) {
    const size_t start = end == 0 ? 0 : end + 1;
    const size_t stop = std::min(text.find(' ', start), text.size());
    const std::string_view word = text.substr(start, stop - start);
    if (word.empty() || word.size() > 40 || word.find_first_of("{[\"") == 0) break;
    end = stop;
  }
  return text.substr(0, end);
}

std::string StepSummary(const ScenarioResult& scenario, int step_index) {
  for (const TraceEntry& entry : scenario.trace) {
    if (entry.kind != TraceEntry::Kind::kStep || entry.step_index != step_index) continue;
    // The leading words name the action; a call's arguments follow (cut to
    // 160 bytes), so that a vendor sees what was asked.
    std::string summary(LeadingWords(entry.text));
    if (entry.text.starts_with("call ") && entry.text.size() > summary.size() + 1) {
      summary += " " + harness::Excerpt(std::string_view(entry.text).substr(summary.size() + 1), 160);
    }
    if (!entry.device.empty()) summary += (summary.empty() ? "on " : " on ") + entry.device;
    return summary;
  }
  return "";
}

std::string FormatTraceLine(const TraceEntry& entry) {
  std::string text = entry.text;
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at)) {
    text.replace(at, 1, "\\n");
  }
  const std::string step = entry.step_index >= 0 ? fmt::format("#{}", entry.step_index + 1) : "";
  return fmt::format("{:>9}ms  {:<6} {:<8} {:<4} {}", entry.time,
                     harness::TraceKindName(entry.kind), entry.device, step, text);
}

std::string FormatTrace(const ScenarioResult& scenario, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < scenario.trace.size(); ++i) {
    std::string line = FormatTraceLine(scenario.trace[i]) + "\n";
    if (out.size() + line.size() > max_bytes) {
      out += fmt::format("... {} more trace entries not shown\n", scenario.trace.size() - i);
      break;
    }
    out += line;
  }
  return out;
}

std::string ResultId(const ScenarioResult& scenario, bool multi_client) {
  return multi_client ? scenario.name + "@" + scenario.client : scenario.name;
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

namespace {

// "step 3 (call getUserStatus on a1) at t=5000ms: result", without the location.
std::string FindingHeadline(const ScenarioResult& scenario, const Finding& finding) {
  std::string step = "end of scenario";
  std::string summary;
  if (finding.step_index >= 0) {
    summary = StepSummary(scenario, finding.step_index);
    std::string detail = summary;
    if (finding.repeat > 0) {
      detail += fmt::format("{}repetition {}", detail.empty() ? "" : ", ", finding.repeat + 1);
    }
    step = fmt::format("step {}", finding.step_index + 1);
    if (!detail.empty()) step += " (" + detail + ")";
  }
  std::string device;
  if (!finding.device.empty() && !summary.ends_with(" on " + finding.device)) {
    device = " on " + finding.device;
  }
  return fmt::format("{} at t={}ms{}: {}", step, finding.time, device,
                     finding.what.empty() ? "mismatch" : finding.what);
}

// "error in step 4 (call subscribeUserStatus on c1) at t=2000ms: client timeout".
std::string ErrorHeadline(const ScenarioResult& scenario) {
  int last_step = -1;
  for (const TraceEntry& entry : scenario.trace) {
    if (entry.kind == TraceEntry::Kind::kStep) last_step = std::max(last_step, entry.step_index);
  }
  std::string step = "error";
  if (scenario.steps_total > 0 && scenario.steps_run == scenario.steps_total) {
    // Every step ran: the client failed at `end` (PROTOCOL.md, Lifecycle).
    step = "error at the end of the scenario";
  } else if (last_step >= 0) {
    const std::string summary = StepSummary(scenario, last_step);
    step = fmt::format("error in step {}", last_step + 1);
    if (!summary.empty()) step += " (" + summary + ")";
  }
  return fmt::format("{} at t={}ms: {}", step, scenario.virtual_duration,
                     scenario.error.empty() ? "client error" : scenario.error);
}

// "  expected: value", continuation lines aligned under the value.
void AppendField(std::string_view label, std::string_view value, std::string* out) {
  if (value.empty()) return;
  *out += fmt::format("  {:<10}", std::string(label) + ":");
  for (char c : value) {
    *out += c;
    if (c == '\n') *out += std::string(12, ' ');
  }
  *out += '\n';
}

std::string FindingBody(const ScenarioResult& scenario, const Finding& finding) {
  std::string out =
      LocationText(scenario.file, finding.where) + ": " + FindingHeadline(scenario, finding) + "\n";
  AppendField("expected", finding.expected, &out);
  AppendField("actual", finding.actual, &out);
  AppendField("diff", finding.diff, &out);
  return out;
}

std::string ErrorBody(const ScenarioResult& scenario) {
  std::string out = scenario.file + ": " + ErrorHeadline(scenario) + "\n";
  AppendField("steps", fmt::format("{} of {} run", scenario.steps_run, scenario.steps_total), &out);
  std::string_view log = scenario.client_log_tail;
  while (!log.empty() && (log.back() == '\n' || log.back() == '\r')) log.remove_suffix(1);
  if (!log.empty()) {
    out += "  client log (last lines):\n";
    while (!log.empty()) {
      const std::string_view line = FirstLine(log);
      out += "    " + std::string(line) + "\n";
      log.remove_prefix(std::min(log.size(), line.size() + 1));
    }
  }
  return out;
}

}  // namespace

std::string FormatErrorText(const ScenarioResult& scenario) {
  return CleanText(ErrorBody(scenario), Controls::kEscape);
}

std::string OneLineReason(const ScenarioResult& scenario) {
  std::string line;
  if (!scenario.findings.empty()) {
    const Finding& first = scenario.findings.front();
    line = FindingHeadline(scenario, first);
    if (!first.diff.empty()) {
      line += ": " + std::string(FirstLine(first.diff));
    } else {
      if (!first.expected.empty()) line += ": expected " + Truncate(FirstLine(first.expected), 80);
      if (!first.actual.empty()) {
        line += (first.expected.empty() ? ": actual " : ", actual ") +
                Truncate(FirstLine(first.actual), 80);
      }
    }
    if (scenario.findings.size() > 1) {
      line += fmt::format(" (+{} more)", scenario.findings.size() - 1);
    }
  } else if (scenario.verdict == harness::Verdict::kError) {
    line = ErrorHeadline(scenario);
  } else if (scenario.verdict == harness::Verdict::kFail) {
    line = "failed (no finding recorded)";
  }
  return CleanText(Truncate(FirstLine(line), 300), Controls::kEscape);
}

}  // namespace internal

std::string FormatFinding(const harness::ScenarioResult& scenario,
                          const harness::Finding& finding) {
  std::string out = internal::FindingBody(scenario, finding);
  internal::AppendField("covers", internal::Join(scenario.covers, ", "), &out);
  return internal::CleanText(out, internal::Controls::kEscape);
}

std::string FormatFailure(const harness::ScenarioResult& scenario) {
  std::string out;
  for (const harness::Finding& finding : scenario.findings) {
    out += internal::FindingBody(scenario, finding);
  }
  if (scenario.verdict == harness::Verdict::kError || !scenario.error.empty()) {
    out += internal::ErrorBody(scenario);
  }
  if (out.empty() && scenario.verdict == harness::Verdict::kFail) {
    out = scenario.file + ": failed (no finding recorded)\n";
  }
  if (out.empty()) return out;
  // Once, after the last finding: the rules are the scenario's, not a finding's.
  internal::AppendField("covers", internal::Join(scenario.covers, ", "), &out);
  return internal::CleanText(out, internal::Controls::kEscape);
}

}  // namespace statussim::reports
