#include "ui/render.h"

#include <map>

#include "core/resources.h"
#include "ui/page_support.h"
#include "ui/pages.h"
#include "ui/site.h"

namespace lb::ui {
namespace {

namespace mst = kainjow::mustache;

// Native names of the languages: shown as they are in every language, so a reader finds theirs.
constexpr std::pair<std::string_view, std::string_view> kLanguageNames[] = {
    {"en", "English"}, {"vi", "Tiếng Việt"}, {"lo", "ພາສາລາວ"}};

std::string TemplateText(std::string_view name) {
  auto text = core::FindResource("templates/" + std::string(name) + ".mustache");
  return text ? std::string(*text) : std::string();
}

// The current path and query, for the language switcher's way back.
std::string CurrentTarget(const http::Request& req) {
  if (req.method != "GET") return "/";
  std::string target = req.path;
  char sep = '?';
  for (const auto& [k, v] : req.query) {
    target += sep + UrlEncode(k) + "=" + UrlEncode(v);
    sep = '&';
  }
  return target;
}

}  // namespace

View MakeList() { return View(View::type::list); }

std::string RenderTemplate(const PageContext& ctx, std::string_view name, View view) {
  const Translator* tr = ctx.tr;
  view.set("t", mst::lambda2{[tr](const std::string& text, const mst::renderer&) {
             // The section's text is the message id; the translation is escaped like any value.
             return Escape(tr->T(text));
           }});
  if (ctx.session) view.set("csrf", ctx.session->csrf_token);
  mst::mustache tmpl(TemplateText(name));
  tmpl.set_custom_escape([](const std::string& s) { return Escape(s); });
  const auto add_partial = [&view](const std::string& partial) {
    const std::string text = TemplateText(partial);
    view.set(partial, mst::partial{[text] { return text; }});
  };
  for (auto partial : {"form_fields", "error_summary", "pager", "downloads", "list_head", "list_sort", "history_list"})
    add_partial(partial);
  if (ctx.site) {
    for (const auto& partial : ctx.site->partials()) add_partial(partial);
  }
  std::string out = tmpl.render(view);
  if (!tmpl.is_valid())
    return "<p>template " + Escape(std::string(name)) + ": " + Escape(tmpl.error_message()) + "</p>";
  return out;
}

http::Response RenderPage(const PageContext& ctx, int status, std::string_view name, const std::string& title,
                          View view) {
  View layout;
  layout.set("content", RenderTemplate(ctx, name, std::move(view)));
  layout.set("title", title);
  layout.set("lang", ctx.tr->lang());
  layout.set("next", CurrentTarget(*ctx.request));
  layout.set("has_refresh", ctx.refresh_seconds > 0);
  layout.set("refresh", std::to_string(ctx.refresh_seconds));
  View languages = MakeList();
  for (const auto& [code, native] : kLanguageNames) {
    View l;
    l.set("code", std::string(code));
    l.set("name", std::string(native));
    l.set("current", code == ctx.tr->lang());
    languages.push_back(l);
  }
  layout.set("languages", languages);
  layout.set("signed_in", ctx.session.has_value());
  if (ctx.session) {
    const auto& p = ctx.session->principal;
    layout.set("user_name", p.user_name);
    const std::string& path = ctx.request->path;
    View nav = MakeList();
    for (const auto& item : ctx.site ? ctx.site->nav() : std::vector<NavItem>{}) {
      if (item.visible && !item.visible(p)) continue;
      View n;
      n.set("href", item.href);
      n.set("label", ctx.T(item.label));
      n.set("current", item.exact ? path == item.href : path.starts_with(item.under.empty() ? item.href : item.under));
      nav.push_back(n);
    }
    layout.set("nav", nav);
  }
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = RenderTemplate(ctx, "layout", std::move(layout));
  r.With("Cache-Control", "no-store");
  r.With("Content-Language", ctx.tr->lang());
  r.With("Vary", "Cookie, Accept-Language");
  return r;
}

http::Response Redirect(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  // Targets hold request data (a form's "next", ids from the path): never another site, never
  // a line break.
  r.With("Location", http::LocalRedirectTarget(location));
  r.With("Cache-Control", "no-store");
  return r;
}

View FormView(const PageContext& ctx, const Form& form) {
  View v;
  v.set("action", form.action);
  v.set("submit", form.submit);
  v.set("has_confirm", !form.confirm.empty());
  v.set("confirm", form.confirm);
  v.set("multipart", form.multipart);
  v.set("method", std::string(form.get ? "get" : "post"));
  v.set("is_post", !form.get);
  View hidden = MakeList();
  for (const auto& [name, value] : form.hidden) {
    View h;
    h.set("name", name);
    h.set("value", value);
    hidden.push_back(h);
  }
  v.set("hidden", hidden);
  View fields = MakeList();
  View errors = MakeList();
  for (const auto& f : form.fields) {
    View fv;
    const std::string id = "f-" + f.name;
    fv.set("id", id);
    fv.set("name", f.name);
    fv.set("label", f.label);
    fv.set("value", f.value);
    fv.set("has_hint", !f.hint.empty());
    fv.set("hint", f.hint);
    fv.set("type", f.type);
    fv.set("is_select", f.type == "select");
    fv.set("is_textarea", f.type == "textarea");
    fv.set("is_input", f.type != "select" && f.type != "textarea");
    fv.set("autocomplete", f.autocomplete.empty() ? std::string("off") : f.autocomplete);
    fv.set("has_lang", !f.input_lang.empty());
    fv.set("input_lang", f.input_lang);
    fv.set("has_placeholder", !f.placeholder.empty());
    fv.set("placeholder", f.placeholder);
    fv.set("has_suggest", !f.suggest.empty());
    fv.set("suggest", f.suggest);
    fv.set("required", f.required);
    fv.set("has_error", !f.error.empty());
    fv.set("error", f.error);
    std::string described;
    if (!f.hint.empty()) described += id + "-hint";
    if (!f.error.empty()) described += (described.empty() ? "" : " ") + id + "-error";
    fv.set("has_described", !described.empty());
    fv.set("described", described);
    View options = MakeList();
    for (const auto& [value, label] : f.options) {
      View o;
      o.set("value", value);
      o.set("label", label);
      o.set("selected", value == f.value);
      options.push_back(o);
    }
    fv.set("options", options);
    fields.push_back(fv);
    if (!f.error.empty()) {
      View e;
      e.set("href", "#" + id);
      e.set("message", f.error);
      errors.push_back(e);
    }
  }
  v.set("fields", fields);
  v.set("has_errors", !errors.is_empty_list());
  v.set("errors", errors);
  v.set("error_prefix", ctx.T("Error:"));
  return v;
}

namespace {

// The service's error codes with a message of their own in the catalogs; {1} is the field.
const std::map<std::string, const char*, std::less<>>& MessagesByCode() {
  static const std::map<std::string, const char*, std::less<>> kByCode = {
      {"required", N_("{1} is required.")},
      {"invalid_date", N_("{1} must be a real date, like 31/12/2026.")},
      {"in_future", N_("{1} must not be in the future.")},
      {"too_long", N_("{1} is too long.")},
      {"not_latin", N_("{1} must be written in Latin letters, as in the passport.")},
      {"invalid_phone", N_("{1} may only have digits, spaces and a leading +.")},
      {"invalid_format", N_("{1} is not in the right format.")},
      {"before_valid_from", N_("{1} must not be before the start date.")},
      {"not_found", N_("{1} was not found.")},
      {"archived", N_("{1} is archived.")},
      {"province_not_in_country", N_("{1} is not in the chosen country.")},
      {"province_not_valid_on_date", N_("{1} did not exist on the start date.")},
      {"duplicate", N_("{1} repeats another document of this person.")},
      {"weak", N_("{1} is too weak: use at least 12 characters that are hard to guess.")},
      {"too_short", N_("{1} must have at least 12 characters.")},
      {"common", N_("{1} is a common password, or one with digits or symbols added at its end: choose another.")},
      {"before_last_change", N_("{1} must not be before the permit's last change.")},
      {"extension_required", N_("{1} of a permit in force changes only by recording an extension.")},
      {"in_force", N_("{1} of a permit in force cannot be changed.")},
      {"before_conference", N_("{1} must not be before the conference.")},
      {"before_start", N_("{1} must not be before the start date.")},
      {"not_pdf", N_("{1} is not a PDF file.")},
      {"too_large", N_("{1} is too large: at most 20 MB.")},
      {"empty", N_("{1} is empty.")},
      {"cycle", N_("{1} would make a cycle.")},
      {"amends_itself", N_("{1} cannot be the record itself.")},
      {"replaces_itself", N_("{1} cannot be the record itself.")},
      {"self", N_("{1} cannot be the record itself.")},
      {"wrong_country", N_("{1} belongs to the other country.")},
      {"out_of_range", N_("{1} is out of range.")},
      {"conflicting", N_("{1}: give either a date or a period, not both.")},
      {"already_succeeded", N_("{1}: this organisation already has a successor on that date.")},
      {"invalid_id", N_("{1} must be chosen from the list.")},
      {"before_from", N_("{1} must not be before the start of the period.")},
      {"duplicate_record", N_("{1} is already used by another record.")},
  };
  return kByCode;
}

}  // namespace

bool HasErrorMessage(std::string_view code) { return MessagesByCode().contains(code); }

std::string ErrorMessage(const PageContext& ctx, const core::FieldError& error, const std::string& label) {
  const auto& by_code = MessagesByCode();
  auto it = by_code.find(error.code);
  return ctx.F(it == by_code.end() ? N_("{1} is not valid.") : it->second, {label});
}

void AttachErrors(const PageContext& ctx, Form& form, const std::vector<core::FieldError>& errors,
                  std::string (*field_of)(const std::string&)) {
  for (const auto& e : errors) {
    const std::string name = field_of ? field_of(e.field) : e.field;
    Field* target = nullptr;
    for (auto& f : form.fields) {
      if (f.name == name) target = &f;
    }
    if (!target && !form.fields.empty()) target = &form.fields.front();
    if (!target || !target->error.empty()) continue;
    target->error = ErrorMessage(ctx, e, target->label);
  }
}

}  // namespace lb::ui
