#include "ui/site.h"

#include <algorithm>

namespace lb::ui {

void Site::AddNav(NavItem item) {
  auto at = std::upper_bound(nav_.begin(), nav_.end(), item.position,
                             [](int position, const NavItem& n) { return position < n.position; });
  nav_.insert(at, std::move(item));
}

void Site::AddPartial(std::string name) {
  if (std::find(partials_.begin(), partials_.end(), name) == partials_.end()) partials_.push_back(std::move(name));
}

void Site::AddWidget(DashboardWidget widget) {
  auto at = std::upper_bound(widgets_.begin(), widgets_.end(), widget.position,
                             [](int position, const DashboardWidget& w) { return position < w.position; });
  widgets_.insert(at, std::move(widget));
}

}  // namespace lb::ui
