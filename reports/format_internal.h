// Text helpers shared by the reporters (private to reports/): cleaning of
// untrusted text (client output may hold any bytes), escaping for XML and
// HTML, and the small pieces of wording every report uses the same way.
// All are pure functions; their output is always valid UTF-8.
#ifndef STATUSSIM_REPORTS_FORMAT_INTERNAL_H_
#define STATUSSIM_REPORTS_FORMAT_INTERNAL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/results.h"

namespace statussim::reports::internal {

// What CleanText does with control characters that XML 1.0 forbids (C0 other
// than tab, LF, CR), DEL and the non-characters U+FFFE/U+FFFF.
enum class Controls {
  kEscape,  // shown as `\x1b` (for people: console, Markdown, HTML); CRLF becomes LF
  kDrop,    // removed (XML)
};

// `text` as valid UTF-8: each byte of an invalid sequence becomes U+FFFD.
std::string CleanText(std::string_view text, Controls controls);

// Escapes & < > after CleanText(kDrop): safe as XML character data (quotes
// stay as they are, so a failure text reads as written).
std::string EscapeXml(std::string_view text);
// Escapes & < > " ', and tab/LF/CR as character references so that the value
// keeps them: safe in an XML attribute value.
std::string EscapeXmlAttribute(std::string_view text);
// Escapes & < > " ' after CleanText(kEscape): safe in HTML text and attributes.
std::string EscapeHtml(std::string_view text);

// At most `max_bytes` bytes of `text`, cut at a UTF-8 boundary, with "…"
// appended when something was cut.
std::string Truncate(std::string_view text, size_t max_bytes);
// The first line of `text`.
std::string_view FirstLine(std::string_view text);

// "file:line:col" ("file:line", "file" when line or column is unknown).
std::string LocationText(const std::string& file, const harness::Location& where);
// Virtual time for people: "250ms", "5s", "31.5s", "2m 05s".
std::string HumanMillis(harness::Millis ms);
// The words that name an action at the start of a trace text, before its
// arguments: "call getUserStatus" of "call getUserStatus {...}" (at most 3).
std::string_view LeadingWords(std::string_view text);
// The action of a step as the trace recorded it, e.g. "call getUserStatus on a1"
// ("" when the trace has no entry for that step).
std::string StepSummary(const harness::ScenarioResult& scenario, int step_index);

// One line of the canonical trace: "  5000ms b1  event  #4 status {...}".
std::string FormatTraceLine(const harness::TraceEntry& entry);
// The whole trace, one line per entry, cut (at a line end) after about
// `max_bytes` bytes with a note saying how many entries were left out.
std::string FormatTrace(const harness::ScenarioResult& scenario, size_t max_bytes);

// One line saying why a scenario did not pass: the first line of its first
// finding (with the diff, if any, and how many more findings there are), or
// its error. "" for a scenario that passed.
std::string OneLineReason(const harness::ScenarioResult& scenario);
// The error part of FormatFailure (headline, steps run, client log tail).
std::string FormatErrorText(const harness::ScenarioResult& scenario);
// "name" with one client, "name@client" with several.
std::string ResultId(const harness::ScenarioResult& scenario, bool multi_client);
// The rule IDs joined by ", ".
std::string Join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace statussim::reports::internal

#endif  // STATUSSIM_REPORTS_FORMAT_INTERNAL_H_
