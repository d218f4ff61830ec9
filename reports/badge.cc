// The conformance badge (--badge FILE): a small SVG in the style of
// shields.io, "statussim | 72/73 rules", green when every rule covered is
// conformant, yellow with known deviations only, red when a rule fails.
#include <fmt/format.h>

#include "reports/format_internal.h"
#include "reports/reports.h"

namespace statussim::reports {
namespace {

// Verdana 11px averages about 6.5 px a character; the badge need not be exact.
int TextWidth(std::string_view text) { return static_cast<int>(text.size() * 13 / 2) + 10; }

}  // namespace

std::string RenderBadge(const harness::Conformance& c) {
  const std::string label = "statussim";
  const std::string value = fmt::format("{}/{} rules", c.conformant, c.rules.size());
  const char* color = !c.failing.empty() ? "#e05d44" : !c.deviations.empty() ? "#dfb317" : "#4c1";
  const int lw = TextWidth(label), vw = TextWidth(value), w = lw + vw;
  const std::string title = internal::EscapeHtml(c.client + ": " + c.Summary());
  return fmt::format(
      R"svg(<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{t}">)svg"
      "\n<title>{t}</title>\n"
      R"svg(<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>)svg"
      "\n"
      R"svg(<clipPath id="r"><rect width="{w}" height="20" rx="3" fill="#fff"/></clipPath>)svg"
      "\n"
      R"svg(<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{vw}" height="20" fill="{c}"/><rect width="{w}" height="20" fill="url(#s)"/></g>)svg"
      "\n"
      R"svg(<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">)svg"
      R"svg(<text x="{lx}" y="14">{l}</text><text x="{vx}" y="14">{v}</text></g>)svg"
      "\n</svg>\n",
      fmt::arg("w", w), fmt::arg("t", title), fmt::arg("lw", lw), fmt::arg("vw", vw),
      fmt::arg("c", color), fmt::arg("lx", lw / 2), fmt::arg("vx", lw + vw / 2),
      fmt::arg("l", label), fmt::arg("v", value));
}

}  // namespace statussim::reports
