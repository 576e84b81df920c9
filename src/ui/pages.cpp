#include "ui/pages.h"

#include "core/resources.h"
#include "platform/reference/reference.h"
#include "rest/authenticate.h"
#include "rest/session_routes.h"
#include "ui/page_support.h"
#include "ui/preferences.h"

namespace lb::ui {
namespace {

// Messages other parts of the server show on pages (the login's), so the catalogs hold them.
[[maybe_unused]] constexpr const char* kServiceMessages[] = {
    N_("Unknown user name or wrong password."),
    N_("Enter your user name and password."),
    N_("Too many failed sign-ins from your address. Wait a few minutes and try again."),
};

std::string LoginErrorText(const Translator& tr, const std::string& error) {
  // The throttle's message carries a number of seconds; say it in general words instead.
  if (error.starts_with("Too many failed logins")) {
    return tr.T("Too many failed sign-ins from your address. Wait a few minutes and try again.");
  }
  return tr.T(error);
}

struct StaticFile {
  std::string_view route, resource, type;
};
constexpr StaticFile kStatic[] = {
    {"/static/app.css", "static/app.css", "text/css; charset=utf-8"},
    {"/static/app.js", "static/app.js", "text/javascript; charset=utf-8"},
    {"/static/fonts/NotoSans-Regular.woff", "static/fonts/NotoSans-Regular.woff", "font/woff"},
    {"/static/fonts/NotoSans-Bold.woff", "static/fonts/NotoSans-Bold.woff", "font/woff"},
    {"/static/fonts/NotoSansLao-Regular.woff", "static/fonts/NotoSansLao-Regular.woff", "font/woff"},
    {"/static/fonts/NotoSansLao-Bold.woff", "static/fonts/NotoSansLao-Bold.woff", "font/woff"},
};

core::Result<http::Response> Dashboard(const PageServices& s, PageContext& ctx) {
  const auto& actor = ctx.principal();
  View v;
  std::string scope = CountryName(ctx, actor.country);
  if (actor.province) scope += " · " + ProvinceName(ctx, *actor.province);
  v.set("scope_line", ctx.F("Signed in as {1} ({2}) for {3}.", {actor.user_name, RoleLabel(ctx, actor.role), scope}));

  // The features' parts (the registry's counts, ...), each rendered from its own template.
  View widgets = MakeList();
  if (ctx.site) {
    for (const auto& w : ctx.site->widgets()) {
      LB_TRY(html, w.render(ctx));
      View item;
      item.set("html", html);
      widgets.push_back(item);
    }
  }
  v.set("widgets", widgets);

  View activity = MakeList();
  bool any = false;
  if (s.audit) {
    audit::AuditLog::Filter f;
    f.actor = actor.user_name;
    f.newest_first = true;
    f.limit = 60;
    auto entries = s.audit->List(f);
    if (entries) {
      int shown = 0;
      for (const auto& e : *entries) {
        if (e.event.action.ends_with(".read") || shown == 10) continue;
        static const std::map<std::string, const char*, std::less<>> kWhat = {
            {"person.create", N_("Registered a worker")},
            {"person.update", N_("Changed a worker's details")},
            {"person.archive", N_("Archived a worker")},
            {"employer.create", N_("Registered an employer")},
            {"employer.update", N_("Changed an employer")},
            {"employer.archive", N_("Archived an employer")},
            {"permit.create", N_("Recorded a work permit")},
            {"permit.update", N_("Changed a work permit")},
            {"permit.transition", N_("Changed a permit's status")},
            {"user.create", N_("Added a user")},
            {"user.set_language", N_("Chose a language")},
        };
        auto it = kWhat.find(e.event.action);
        if (it == kWhat.end()) continue;
        View row;
        row.set("at", ctx.tr->Date(e.at));
        row.set("what", ctx.T(it->second));
        std::string href;
        if (e.event.entity_type == "person") href = "/persons/" + e.event.entity_id;
        if (e.event.entity_type == "permit") href = "/permits/" + e.event.entity_id;
        if (e.event.entity_type == "employer") href = "/employers/" + e.event.entity_id + "/edit";
        row.set("has_link", !href.empty());
        row.set("href", href);
        activity.push_back(row);
        ++shown;
        any = true;
      }
    }
  }
  v.set("activity", activity);
  v.set("has_activity", any);
  return RenderPage(ctx, 200, "dashboard", ctx.T("Dashboard"), std::move(v));
}

}  // namespace

std::string Escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

http::Response LoginPage(const http::Request& request, const std::string& name, const std::string& error, int status) {
  PageContext ctx;
  ctx.request = &request;
  ctx.tr = &Translator::For(PickLanguage(std::nullopt, request.Header("cookie").value_or(""),
                                         request.Header("accept-language").value_or("")));
  View v;
  v.set("name", name);
  View errors = MakeList();
  if (!error.empty()) {
    View e;
    e.set("href", "#name");
    e.set("message", LoginErrorText(*ctx.tr, error));
    errors.push_back(e);
  }
  v.set("has_errors", !error.empty());
  v.set("errors", errors);
  // Login CSRF: a fresh pre-login token in a SameSite=Strict cookie and in the form, for
  // browsers that send neither Origin nor Referer with the post.
  const auto prelogin = access::NewPreloginToken(request);
  v.set("prelogin", prelogin.value);
  auto r = RenderPage(ctx, status, "login", ctx.T("Sign in"), std::move(v));
  r.With("Set-Cookie", prelogin.set_cookie);
  return r;
}

void RegisterWebRoutes(http::Router& router, const PageServices& services) {
  const PageServices s = services;
  if (s.site) {
    s.site->AddNav({.href = "/", .label = N_("Dashboard"), .exact = true, .position = 0});
    s.site->AddNav({.href = "/admin/users",
                    .label = N_("Users and tokens"),
                    .visible = [](const access::Principal& p) { return p.role == access::Role::kAdmin; },
                    .under = "/admin",
                    .position = 90});
  }
  router.Add("GET", "/login", [s](const http::Request& req, const http::PathParams&) -> core::Result<http::Response> {
    // Signed in already: straight on to the dashboard.
    if (s.sessions.Current(req.Header("cookie").value_or(""))) return Redirect("/");
    return LoginPage(req, "", "", 200);
  });
  router.Add("GET", "/", SignedIn(s, [s](PageContext& ctx, const http::PathParams&) { return Dashboard(s, ctx); }));

  // The language switcher: a cookie for everyone, and the user's setting when signed in.
  router.Add("POST", "/language",
             [s](const http::Request& req, const http::PathParams&) -> core::Result<http::Response> {
               LB_TRY(form, ReadForm(req));
               const std::string lang = Get(form, "lang");
               if (!IsLanguage(lang))
                 return core::Fail(core::Error::Field("lang", "invalid_value", "Unknown language."));
               const std::string cookie = req.Header("cookie").value_or("");
               if (access::SessionIdFromCookie(cookie)) {
                 // Signed in: the CSRF token is needed to change the account's setting. A session
                 // that has ended only gets the cookie, like anyone not signed in.
                 auto who = s.sessions.Authenticate(cookie, req.method, access::CsrfTokenOf(req));
                 if (who) {
                   LB_CHECK(SaveLanguage(s.db, s.audit, *who, lang));
                 } else if (who.error().code != core::ErrorCode::kUnauthorized) {
                   return core::Fail(who.error());
                 }
               }
               auto r = Redirect(Get(form, "next"));  // a local path only: Redirect checks it
               r.With("Set-Cookie", "lb_lang=" + lang + "; Path=/; Max-Age=31536000; SameSite=Lax" +
                                        std::string(access::CameOverTls(req) ? "; Secure" : ""));
               return r;
             });

  for (const auto& f : kStatic) {
    router.Add("GET", std::string(f.route),
               [f](const http::Request&, const http::PathParams&) -> core::Result<http::Response> {
                 auto data = core::FindResource(f.resource);
                 if (!data) return core::Fail(core::Error::Internal(std::string(f.resource) + " not embedded"));
                 http::Response r;
                 r.content_type = std::string(f.type);
                 r.body = std::string(*data);
                 r.With("Cache-Control", "public, max-age=3600");
                 return r;
               });
  }
  RegisterAdminPages(router, s);
  RegisterAuditPages(router, s);
}

}  // namespace lb::ui
