#include "app/console.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace statussim::app {
namespace {

bool EnvSet(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0';
}

bool IsTerminal(std::FILE* stream) {
  const char* term = std::getenv("TERM");
  return isatty(fileno(stream)) != 0 && !(term != nullptr && std::strcmp(term, "dumb") == 0);
}

}  // namespace

bool UseColor(ColorMode mode, std::FILE* stream) {
  if (EnvSet("NO_COLOR")) return false;
  if (mode == ColorMode::kAlways) return true;
  if (mode == ColorMode::kNever) return false;
  if ((EnvSet("CLICOLOR_FORCE") && std::strcmp(std::getenv("CLICOLOR_FORCE"), "0") != 0) ||
      EnvSet("FORCE_COLOR")) {
    return true;
  }
  return IsTerminal(stream);
}

bool IsInteractive(std::FILE* stream) { return IsTerminal(stream) && !EnvSet("CI"); }

std::string Palette::Wrap(std::string_view code, std::string_view s) const {
  if (!on) return std::string(s);
  std::string out = "\x1b[";
  out += code;
  out += 'm';
  out += s;
  out += "\x1b[0m";
  return out;
}

}  // namespace statussim::app
