// ScenarioText: the text of one scenario file seen as lines, for changing a
// few nodes in place (`statussim record`) while every other byte stays as
// written: comments, blank lines, key order, quoting, anchors.
//
// yaml-cpp 0.7 marks where a node starts (the loader's Location) but not
// where it ends, so extents are found here from the text: a block node ends
// before the first content line indented no deeper than its key (blank and
// comment lines do not end it, and are not part of it when they trail); a
// flow node (`{...}`, `[...]`) ends at its matching bracket, quotes and
// comments skipped. What cannot be found that way (a flow-style step, a node
// written as an alias or with an anchor, a key not where the loader saw it)
// is an error, never a guess: the caller refuses the file.
//
// Lines and columns are 0-based here; Location (the loader's) is 1-based.
#ifndef STATUSSIM_HARNESS_SCENARIO_TEXT_H_
#define STATUSSIM_HARNESS_SCENARIO_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario.h"
#include "harness/status.h"

namespace statussim::harness {

// One replacement: bytes [begin, end) of the text become `text`. Edits of
// one text must not overlap; edits at the same offset apply in given order.
struct TextEdit {
  size_t begin = 0;
  size_t end = 0;
  std::string text;
};

// A key of a block map and the lines its value takes.
struct KeySpan {
  std::string key;    // as written (plain keys only)
  int line = 0;       // of the key
  int column = 0;     // of the key's first character
  int last_line = 0;  // last content line of the key's value (>= line)
};

// A step of `steps:` written as a block map (`- login: ...` then keys below).
struct StepLayout {
  int dash_line = 0;          // line of its `-`
  int dash_column = 0;        // column of its `-`
  int key_column = 0;         // column of its keys
  int last_line = 0;          // last content line of the step
  std::vector<KeySpan> keys;  // in file order
  const KeySpan* Find(std::string_view key) const;
};

class ScenarioText {
 public:
  explicit ScenarioText(std::string text);

  const std::string& text() const { return text_; }
  // "\r\n" when the first line ends so, else "\n": what inserted lines use.
  const std::string& eol() const { return eol_; }
  int line_count() const { return static_cast<int>(starts_.size()); }
  // The line without its end of line.
  std::string_view Line(int line) const;
  // Offset of (line, column); of the line's end when column is past it.
  size_t Offset(int line, int column) const;
  // Offset of the end of the line's content (before its end of line).
  size_t LineEnd(int line) const;

  // The step whose map the loader located at `where`.
  Result<StepLayout> Step(Location where) const;

  // The extent [begin, end) of the flow node starting at `begin` ('{' or '[').
  Result<size_t> FlowEnd(size_t begin) const;

  // Where the value of the block-map key at (line, column) starts: the first
  // character after `key:` and its spaces on that line; for a value on the
  // following lines, the line's end.
  Result<size_t> ValueStart(int line, int column) const;

  // Offset just past the colon of the key (of any style) at (line, column).
  Result<size_t> AfterColon(int line, int column) const;

  // The last content line of the value of a key at (line, column) whose
  // value is written on the following lines: deeper lines, and `-` items at
  // the key's own column.
  int BlockValueLastLine(int line, int column) const;

  // The text with `edits` applied.
  std::string Apply(std::vector<TextEdit> edits) const;

 private:
  std::string text_;
  std::string eol_ = "\n";
  std::vector<size_t> starts_;  // offset of each line
};

// A unified diff (3 lines of context) from `before` to `after`, with
// `--- label` and `+++ label` headers; "" when they are equal.
std::string UnifiedDiff(const std::string& label, const std::string& before,
                        const std::string& after);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_SCENARIO_TEXT_H_
