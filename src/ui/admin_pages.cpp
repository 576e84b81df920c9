// The users and tokens admin pages (administrators only; the services check the role again and
// write the audit entries, so these pages only translate forms).
#include "ui/page_support.h"

namespace lb::ui {
namespace {

using http::PathParams;

core::Status RequireAdmin(const PageContext& ctx) {
  if (ctx.principal().role == access::Role::kAdmin) return {};
  return core::Fail(core::Error{core::ErrorCode::kForbidden, "Only administrators manage users and tokens.", {}, {}});
}

Options RoleOptions(const PageContext& ctx) {
  Options out{{"", ctx.T("Choose a role")}};
  for (auto r :
       {access::Role::kRegistryOfficer, access::Role::kViewer, access::Role::kCooperationOfficer,
        access::Role::kTrainingOfficer, access::Role::kWelfareOfficer, access::Role::kAuditor, access::Role::kAdmin}) {
    out.emplace_back(std::string(access::RoleName(r)), RoleLabel(ctx, r));
  }
  return out;
}

// An empty form posting to `action`; add() puts a field on it with the value typed in `v`.
struct AdminForm {
  Form form;
  const FormData& typed;
  AdminForm(std::string action, std::string submit, const FormData& v) : typed(v) {
    form.action = std::move(action);
    form.submit = std::move(submit);
  }
  void add(Field f) {
    f.value = Get(typed, f.name);
    form.fields.push_back(std::move(f));
  }
};

Form UserForm(const PageContext& ctx, const FormData& v) {
  AdminForm f("/admin/users", ctx.T("Add the user"), v);
  Form& form = f.form;
  auto add = [&f](Field field) { f.add(std::move(field)); };
  add({.name = "name",
       .label = ctx.T("User name"),
       .hint = ctx.T("3 to 64 characters: a-z, 0-9, dot, dash, @."),
       .required = true});
  add({.name = "role", .label = ctx.T("Role"), .type = "select", .options = RoleOptions(ctx), .required = true});
  add({.name = "country",
       .label = ctx.T("Country"),
       .type = "select",
       .options = {{"", ctx.T("Choose a country")}, {"VN", ctx.T("Vietnam")}, {"LA", ctx.T("Laos")}},
       .required = true});
  add({.name = "province",
       .label = ctx.T("Province"),
       .hint = ctx.T("Only for officers who work for one province."),
       .type = "select",
       .options = ProvinceOptions(ctx)});
  add({.name = "password",
       .label = ctx.T("First password"),
       .hint = ctx.T("At least 12 characters. Give it to the user in person."),
       .type = "password",
       .autocomplete = "new-password",
       .required = true});
  form.fields.back().value.clear();  // never sent back to the browser
  return f.form;
}

std::string ScopeText(const PageContext& ctx, const access::User& u) {
  std::string scope = CountryName(ctx, u.country);
  if (u.province) scope += " · " + ProvinceName(ctx, *u.province);
  if (u.org) scope += " · " + *u.org;
  return scope;
}

core::Result<http::Response> UsersPage(const PageServices& s, PageContext& ctx, Form form, int status) {
  LB_TRY(users, s.users.List(ctx.principal()));
  View v;
  View rows = MakeList();
  for (const auto& u : users) {
    View row;
    row.set("name", u.name);
    row.set("href", "/admin/users/" + UrlEncode(u.name));
    row.set("role", RoleLabel(ctx, u.role));
    row.set("scope", ScopeText(ctx, u));
    row.set("status", u.status == "active" ? ctx.T("Active") : ctx.T("Disabled"));
    row.set("can_disable", u.status == "active" && u.name != ctx.principal().user_name);
    row.set("confirm", ctx.F("Disable the user {1}? They will no longer be able to sign in.", {u.name}));
    rows.push_back(row);
  }
  v.set("users", rows);
  v.set("form", FormView(ctx, form));
  return RenderPage(ctx, status, "users", ctx.T("Users and tokens"), std::move(v));
}

// ---- one user: access, password, re-enabling -----------------------------------------

std::string UserPath(const std::string& name) { return "/admin/users/" + UrlEncode(name); }

Form AccessForm(const PageContext& ctx, const access::User& u, const FormData& v) {
  AdminForm f(UserPath(u.name) + "/access", ctx.T("Save the role and scope"), v);
  f.add({.name = "role", .label = ctx.T("Role"), .type = "select", .options = RoleOptions(ctx), .required = true});
  Options provinces = ProvinceOptions(ctx, u.country);
  if (!provinces.empty()) provinces.front().second = ctx.T("The whole country");
  f.add({.name = "province",
         .label = ctx.T("Province"),
         .hint = ctx.T("Only for officers who work for one province."),
         .type = "select",
         .options = provinces});
  return f.form;
}

Form PasswordForm(const PageContext& ctx, const access::User& u) {
  static const FormData kNothingTyped;  // the password is never sent back
  AdminForm f(UserPath(u.name) + "/password", ctx.T("Set the temporary password"), kNothingTyped);
  f.form.confirm = ctx.F("Set a new password for {1}? Their open sessions end at once.", {u.name});
  f.add({.name = "password",
         .label = ctx.T("Temporary password"),
         .hint = ctx.T("At least 12 characters. Give it to the user in person; their open sessions end at once."),
         .type = "password",
         .autocomplete = "new-password",
         .required = true});
  return f.form;
}

// The user's page: what they are, and a form for each change (`access`/`password` carry the
// values and errors of a refused post).
core::Result<http::Response> UserPage(const PageServices& s, PageContext& ctx, const std::string& name,
                                      std::optional<Form> access_form, std::optional<Form> password_form, int status,
                                      const std::string& notice = "") {
  LB_CHECK(RequireAdmin(ctx));
  LB_TRY(found, s.users.FindByName(name));
  if (!found) return core::Fail(core::Error::NotFound("No user named '" + name + "'."));
  const access::User& u = *found;
  View v;
  v.set("name", u.name);
  v.set("has_notice", !notice.empty());
  v.set("notice", notice);
  v.set("self", u.id == ctx.principal().user_id);
  View details = MakeList();
  details.push_back(Detail(ctx.T("Role"), RoleLabel(ctx, u.role)));
  details.push_back(Detail(ctx.T("Scope"), ScopeText(ctx, u)));
  details.push_back(Detail(ctx.T("Status"), u.status == "active" ? ctx.T("Active") : ctx.T("Disabled")));
  details.push_back(Detail(ctx.T("Locked until"), u.locked_until ? ctx.tr->Date(*u.locked_until) : "–"));
  details.push_back(Detail(ctx.T("Last changed"), ctx.tr->Date(u.updated_at)));
  v.set("details", details);
  v.set("disabled", u.status == "disabled");
  v.set("enable_action", UserPath(u.name) + "/enable");
  v.set("disable_action", UserPath(u.name) + "/disable");
  v.set("enable_confirm", ctx.F("Enable the user {1} again? They can sign in with their password.", {u.name}));
  v.set("disable_confirm", ctx.F("Disable the user {1}? They will no longer be able to sign in.", {u.name}));
  FormData current{{"role", std::string(access::RoleName(u.role))}, {"province", u.province.value_or("")}};
  v.set("access_form", FormView(ctx, access_form ? *access_form : AccessForm(ctx, u, current)));
  v.set("password_form", FormView(ctx, password_form ? *password_form : PasswordForm(ctx, u)));
  v.set("audit_href", "/admin/audit?kind=user&record=" + UrlEncode(u.id));
  return RenderPage(ctx, status, "user", ctx.T("User") + " " + u.name, std::move(v));
}

// A refused change of a user: the page again with the errors on `form` (422), or the error.
core::Result<http::Response> RefusedChange(const PageServices& s, PageContext& ctx, const std::string& name,
                                           const core::Error& error, Form form, bool is_access) {
  if (error.code != core::ErrorCode::kValidation) return core::Fail(error);
  AttachErrors(ctx, form, error.fields);
  if (is_access) return UserPage(s, ctx, name, std::move(form), std::nullopt, 422);
  return UserPage(s, ctx, name, std::nullopt, std::move(form), 422);
}

Form TokenForm(const PageContext& ctx, const FormData& v) {
  AdminForm f("/admin/tokens", ctx.T("Create the token"), v);
  auto add = [&f](Field field) { f.add(std::move(field)); };
  add({.name = "user",
       .label = ctx.T("User name"),
       .hint = ctx.T("The token acts with this user's role and scope."),
       .required = true});
  add({.name = "label",
       .label = ctx.T("Label"),
       .hint = ctx.T("What the token is for, for example the name of a system.")});
  add({.name = "expires_days",
       .label = ctx.T("Expires after (days)"),
       .hint = ctx.T("Leave empty for no end date."),
       .type = "number"});
  return f.form;
}

core::Result<http::Response> TokensPage(const PageServices& s, PageContext& ctx, Form form, int status,
                                        const std::string& secret) {
  LB_TRY(tokens, s.tokens.List());
  View v;
  View rows = MakeList();
  for (const auto& t : tokens) {
    View row;
    row.set("id", t.id);
    row.set("name", t.name);
    row.set("user", t.user_name);
    row.set("created", ctx.tr->Date(t.created_at));
    row.set("expires", t.expires_at ? ctx.tr->Date(*t.expires_at) : std::string("–"));
    row.set("status", t.revoked_at ? ctx.T("Revoked") : ctx.T("Active"));
    row.set("active", !t.revoked_at);
    row.set("confirm", ctx.F("Revoke the token {1}? Systems using it will stop working.", {t.name}));
    rows.push_back(row);
  }
  v.set("tokens", rows);
  v.set("has_secret", !secret.empty());
  v.set("secret", secret);
  v.set("form", FormView(ctx, form));
  return RenderPage(ctx, status, "tokens", ctx.T("Users and tokens"), std::move(v));
}

}  // namespace

void RegisterAdminPages(http::Router& router, const PageServices& services) {
  const PageServices s = services;
  router.Add("GET", "/admin/users",
             SignedIn(s, [s](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
               LB_CHECK(RequireAdmin(ctx));
               return UsersPage(s, ctx, UserForm(ctx, {}), 200);
             }));
  router.Add(
      "POST", "/admin/users", SignedIn(s, [s](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
        LB_CHECK(RequireAdmin(ctx));
        LB_TRY(form, ReadForm(*ctx.request));
        access::NewUser n{Get(form, "name"),     Get(form, "role"), Get(form, "country"),
                          Opt(form, "province"), std::nullopt,      Get(form, "password")};
        auto added = s.users.Add(ctx.principal(), n);
        if (!added) {
          if (added.error().code != core::ErrorCode::kValidation && added.error().code != core::ErrorCode::kConflict) {
            return core::Fail(added.error());
          }
          Form view = UserForm(ctx, form);
          auto fields = added.error().fields;
          if (fields.empty()) fields.push_back({"name", "duplicate_name", added.error().message});
          AttachErrors(ctx, view, fields);
          return UsersPage(s, ctx, view, 422);
        }
        return Redirect("/admin/users");
      }));
  router.Add("POST", "/admin/users/{name}/disable",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               LB_CHECK(RequireAdmin(ctx));
               LB_CHECK(s.users.Disable(ctx.principal(), params.at("name")));
               return Redirect("/admin/users");
             }));
  router.Add("GET", "/admin/users/{name}",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               return UserPage(s, ctx, params.at("name"), std::nullopt, std::nullopt, 200);
             }));
  router.Add("POST", "/admin/users/{name}/enable",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               LB_CHECK(RequireAdmin(ctx));
               const std::string name = params.at("name");
               auto enabled = s.users.Enable(ctx.principal(), name);
               if (!enabled && enabled.error().code == core::ErrorCode::kConflict) {
                 LB_TRY(found, s.users.FindByName(name));
                 const bool disabled = found && found->status == "disabled";
                 return UserPage(s, ctx, name, std::nullopt, std::nullopt, 409,
                                 disabled ? ctx.T("The user was disabled moments ago. Try again in a minute.")
                                          : ctx.T("The user is not disabled."));
               }
               LB_CHECK(enabled);
               return Redirect(UserPath(name));
             }));
  router.Add("POST", "/admin/users/{name}/access",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               LB_CHECK(RequireAdmin(ctx));
               const std::string name = params.at("name");
               LB_TRY(form, ReadForm(*ctx.request));
               auto changed = s.users.ChangeAccess(ctx.principal(), name, Get(form, "role"), Opt(form, "province"));
               if (!changed && changed.error().code == core::ErrorCode::kConflict) {
                 return UserPage(s, ctx, name, std::nullopt, std::nullopt, 409,
                                 ctx.T("This change would leave the node without an active administrator."));
               }
               if (!changed) {
                 LB_TRY(found, s.users.FindByName(name));
                 if (!found) return core::Fail(changed.error());
                 return RefusedChange(s, ctx, name, changed.error(), AccessForm(ctx, *found, form), true);
               }
               return Redirect(UserPath(name));
             }));
  router.Add("POST", "/admin/users/{name}/password",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               LB_CHECK(RequireAdmin(ctx));
               const std::string name = params.at("name");
               LB_TRY(form, ReadForm(*ctx.request));
               auto set = s.users.SetPassword(ctx.principal(), name, Get(form, "password"));
               if (!set) {
                 LB_TRY(found, s.users.FindByName(name));
                 if (!found) return core::Fail(set.error());
                 return RefusedChange(s, ctx, name, set.error(), PasswordForm(ctx, *found), false);
               }
               return Redirect(UserPath(name));
             }));
  router.Add("GET", "/admin/tokens",
             SignedIn(s, [s](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
               LB_CHECK(RequireAdmin(ctx));
               return TokensPage(s, ctx, TokenForm(ctx, {}), 200, "");
             }));
  router.Add(
      "POST", "/admin/tokens", SignedIn(s, [s](PageContext& ctx, const PathParams&) -> core::Result<http::Response> {
        LB_CHECK(RequireAdmin(ctx));
        LB_TRY(form, ReadForm(*ctx.request));
        std::vector<core::FieldError> errors;
        std::optional<int> days;
        if (auto d = Opt(form, "expires_days")) {
          try {
            size_t used = 0;
            int n = std::stoi(*d, &used);
            if (used != d->size() || n < 1 || n > 3650) throw std::invalid_argument("range");
            days = n;
          } catch (const std::exception&) {
            errors.push_back({"expires_days", "invalid_value", "expires_days must be 1..3650."});
          }
        }
        auto user = s.users.FindByName(Get(form, "user"));
        if (!user) return core::Fail(user.error());
        if (!*user || (*user)->status != "active") {
          errors.push_back({"user", Get(form, "user").empty() ? "required" : "not_found", "No such active user."});
        }
        if (!errors.empty()) {
          Form view = TokenForm(ctx, form);
          AttachErrors(ctx, view, errors);
          return TokensPage(s, ctx, view, 422, "");
        }
        LB_TRY(created, s.tokens.Create(ctx.principal(), Get(form, "user"), Opt(form, "label"), days));
        // The secret is shown on this answer only (no redirect: it must not be stored anywhere).
        return TokensPage(s, ctx, TokenForm(ctx, {}), 201, created.secret);
      }));
  router.Add("POST", "/admin/tokens/{id}/revoke",
             SignedIn(s, [s](PageContext& ctx, const PathParams& params) -> core::Result<http::Response> {
               LB_CHECK(RequireAdmin(ctx));
               LB_CHECK(s.tokens.Revoke(ctx.principal(), params.at("id")));
               return Redirect("/admin/tokens");
             }));
}

}  // namespace lb::ui
