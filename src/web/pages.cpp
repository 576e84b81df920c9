#include "web/pages.h"

#include "core/resources.h"

namespace lb::web {
namespace {

// Every page: a language, a title, the style sheet, no script at all.
std::string Page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         Escape(title) +
         " – LabourBridge</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n</head>\n<body>\n"
         "<header><a href=\"/\">LabourBridge</a></header>\n<main>\n" +
         body + "</main>\n</body>\n</html>\n";
}

http::Response Html(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  r.With("Cache-Control", "no-store");
  return r;
}

http::Response Redirect(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.With("Location", location);
  r.With("Cache-Control", "no-store");
  return r;
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

http::Response LoginPage(const std::string& name, const std::string& error, int status) {
  std::string body = "<h1>Sign in</h1>\n";
  if (!error.empty()) {
    body +=
        "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>There is a problem</h2>"
        "<p><a href=\"#name\">" +
        Escape(error) + "</a></p></div>\n";
  }
  body +=
      "<form method=\"post\" action=\"/login\">\n"
      "<label for=\"name\">User name</label>\n"
      "<input type=\"text\" id=\"name\" name=\"name\" autocomplete=\"username\" required value=\"" +
      Escape(name) +
      "\">\n<label for=\"password\">Password</label>\n"
      "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>\n"
      "<button type=\"submit\">Sign in</button>\n</form>\n";
  return Html(status, Page("Sign in", body));
}

void RegisterWebRoutes(http::Router& router, access::SessionService& sessions) {
  router.Add("GET", "/login", [](const http::Request&, const http::PathParams&) -> core::Result<http::Response> {
    return LoginPage("", "", 200);
  });
  router.Add(
      "GET", "/", [&sessions](const http::Request& req, const http::PathParams&) -> core::Result<http::Response> {
        auto session = sessions.Current(req.Header("cookie").value_or(""));
        if (!session) return Redirect("/login");
        const auto& p = session->principal;
        std::string scope = p.country;
        if (p.province) scope += ", " + *p.province;
        if (p.org) scope += ", " + *p.org;
        std::string body =
            "<h1>LabourBridge</h1>\n<p>You are signed in.</p>\n<dl>\n<dt>User</dt><dd>" + Escape(p.user_name) +
            "</dd>\n<dt>Role</dt><dd>" + Escape(std::string(access::RoleName(p.role))) + "</dd>\n<dt>Scope</dt><dd>" +
            Escape(scope) + "</dd>\n<dt>Session ends</dt><dd>" + Escape(session->expires_at) +
            " at the latest</dd>\n</dl>\n<p class=\"muted\">The registry is available through the "
            "<a href=\"/api/v1/openapi.json\">REST API</a>.</p>\n"
            "<form method=\"post\" action=\"/logout\">\n<input type=\"hidden\" name=\"csrf_token\" value=\"" +
            Escape(session->csrf_token) + "\">\n<button type=\"submit\">Sign out</button>\n</form>\n";
        return Html(200, Page("Home", body));
      });
  router.Add("GET", "/static/app.css",
             [](const http::Request&, const http::PathParams&) -> core::Result<http::Response> {
               auto css = core::FindResource("src/web/static/app.css");
               if (!css) return core::Fail(core::Error::Internal("app.css not embedded"));
               http::Response r;
               r.content_type = "text/css; charset=utf-8";
               r.body = std::string(*css);
               r.With("Cache-Control", "public, max-age=3600");
               return r;
             });
}

}  // namespace lb::web
