// Console conventions of the CLI (ECOSYSTEM.md 2.6, 2.7): colour only when
// asked or on a terminal, never with NO_COLOR; human progress on stderr; a
// self-updating line on a terminal, plain lines otherwise.
#ifndef STATUSSIM_APP_CONSOLE_H_
#define STATUSSIM_APP_CONSOLE_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace statussim::app {

enum class ColorMode { kAuto, kAlways, kNever };

// NO_COLOR (non-empty) wins; then --color; then CLICOLOR_FORCE/FORCE_COLOR;
// auto = `stream` is a terminal and TERM is not "dumb".
bool UseColor(ColorMode mode, std::FILE* stream);
// A terminal that can take a self-updating line: a TTY, TERM != dumb, CI unset.
bool IsInteractive(std::FILE* stream);

struct Palette {
  bool on = false;
  std::string Red(std::string_view s) const { return Wrap("31", s); }
  std::string Green(std::string_view s) const { return Wrap("32", s); }
  std::string Yellow(std::string_view s) const { return Wrap("33", s); }
  std::string Bold(std::string_view s) const { return Wrap("1", s); }
  std::string Dim(std::string_view s) const { return Wrap("2", s); }

 private:
  std::string Wrap(std::string_view code, std::string_view s) const;
};

}  // namespace statussim::app

#endif  // STATUSSIM_APP_CONSOLE_H_
