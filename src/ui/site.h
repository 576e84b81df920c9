#pragma once
// What the features add to the shared pages: menu entries, named partials and widgets on the
// home dashboard. ui knows no feature; each feature's Register…Pages adds its own here, and
// the server wires them (src/server).
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "platform/access/principal.h"

namespace lb::ui {

struct PageContext;

// One entry of the main menu.
struct NavItem {
  std::string href;
  const char* label = "";                                 // a message id (mark it with N_), translated when shown
  std::function<bool(const access::Principal&)> visible;  // empty: every signed-in user
  bool exact = false;  // current only on exactly href (else on paths starting with `under`)
  std::string under;   // the prefix that makes the entry current (empty: href)
  int position = 0;    // entries are shown by position, then in the order added
};

// A part of the home dashboard: HTML rendered for the signed-in user (from the feature's own
// template); shown by position, then in the order added.
struct DashboardWidget {
  int position = 0;
  std::function<core::Result<std::string>(PageContext&)> render;
};

class Site {
 public:
  void AddNav(NavItem item);
  // templates/<name>.mustache becomes a partial every template may use as {{> name}}.
  void AddPartial(std::string name);
  void AddWidget(DashboardWidget widget);

  const std::vector<NavItem>& nav() const { return nav_; }
  const std::vector<std::string>& partials() const { return partials_; }
  const std::vector<DashboardWidget>& widgets() const { return widgets_; }

 private:
  std::vector<NavItem> nav_;
  std::vector<std::string> partials_;
  std::vector<DashboardWidget> widgets_;
};

}  // namespace lb::ui
