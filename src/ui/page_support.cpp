#include "ui/page_support.h"

#include "core/date.h"
#include "platform/reference/reference.h"
#include "rest/authenticate.h"
#include "ui/dates.h"
#include "ui/preferences.h"

namespace lb::ui {
namespace {

// Countries met most in the registry; ISO 3166-1 codes.
constexpr std::pair<const char*, const char*> kCountries[] = {
    {"LA", N_("Laos")},     {"VN", N_("Vietnam")}, {"KH", N_("Cambodia")},
    {"TH", N_("Thailand")}, {"CN", N_("China")},   {"MM", N_("Myanmar")},
};

constexpr std::pair<const char*, const char*> kPermitStatuses[] = {
    {"applied", N_("Applied")}, {"issued", N_("Issued")},   {"extended", N_("Extended")},   {"expired", N_("Expired")},
    {"revoked", N_("Revoked")}, {"refused", N_("Refused")}, {"withdrawn", N_("Withdrawn")},
};

constexpr std::pair<access::Role, const char*> kRoles[] = {
    {access::Role::kAdmin, N_("Administrator")},
    {access::Role::kRegistryOfficer, N_("Registry officer")},
    {access::Role::kCooperationOfficer, N_("Cooperation officer")},
    {access::Role::kTrainingOfficer, N_("Training officer")},
    {access::Role::kWelfareOfficer, N_("Welfare officer")},
    {access::Role::kViewer, N_("Viewer")},
    {access::Role::kAuditor, N_("Auditor")},
    {access::Role::kPartnerNode, N_("Partner node")},
};

}  // namespace

PageContext ContextFor(const PageServices& services, const http::Request& request) {
  PageContext ctx;
  ctx.request = &request;
  ctx.site = services.site;
  std::optional<std::string> saved;
  if (auto session = services.sessions.Current(request.Header("cookie").value_or(""))) {
    ctx.session = std::move(*session);
    if (auto lang = SavedLanguage(services.db, ctx.session->principal.user_id)) saved = *lang;
  }
  ctx.tr = &Translator::For(
      PickLanguage(saved, request.Header("cookie").value_or(""), request.Header("accept-language").value_or("")));
  return ctx;
}

http::Handler SignedIn(const PageServices& services, PageHandler handler) {
  return [services, handler](const http::Request& req, const http::PathParams& params) -> core::Result<http::Response> {
    PageContext ctx = ContextFor(services, req);
    if (!ctx.session) return Redirect("/login");
    if (access::NeedsCsrf(req.method)) {
      auto who =
          services.sessions.Authenticate(req.Header("cookie").value_or(""), req.method, access::CsrfTokenOf(req));
      if (!who) return ErrorPage(ctx, who.error());
    }
    auto r = handler(ctx, params);
    if (!r) return ErrorPage(ctx, r.error());
    return r;
  };
}

http::Response ErrorPage(const PageContext& ctx, const core::Error& error) {
  View v;
  const int status = http::StatusFor(error.code);
  switch (error.code) {
    case core::ErrorCode::kNotFound:
      v.set("heading", ctx.T("Page not found"));
      v.set("text", ctx.T("The record does not exist, or it is outside what you may see."));
      break;
    case core::ErrorCode::kForbidden:
      v.set("heading", ctx.T("You cannot do this"));
      v.set("text", ctx.T("Your role does not allow this action. Ask an administrator if you need it."));
      break;
    case core::ErrorCode::kValidation:
    case core::ErrorCode::kMalformed:
      v.set("heading", ctx.T("The request could not be read"));
      // A repeated form field or query parameter, named (a repeated cookie is not the form's).
      if (!error.fields.empty() && error.fields.front().code == "repeated" && error.fields.front().field != "Cookie") {
        v.set("text",
              ctx.F("The field {1} was sent more than once. Go back and try again.", {error.fields.front().field}));
      } else {
        v.set("text", ctx.T("Go back, check what you entered and try again."));
      }
      break;
    default:
      v.set("heading", ctx.T("Sorry, something went wrong"));
      v.set("text", ctx.T("Nothing was changed. Try again in a moment."));
  }
  v.set("back", ctx.session ? "/" : "/login");
  const std::string heading = v.get("heading")->string_value();  // before v is moved
  return RenderPage(ctx, status, "message", heading, std::move(v));
}

core::Result<FormData> ReadForm(const http::Request& request) {
  std::string path;
  std::multimap<std::string, std::string> fields;
  if (!http::ParseTarget("/?" + request.body, path, fields)) {
    return core::Fail(core::Error{core::ErrorCode::kMalformed, "The form is not well encoded.", {}, {}});
  }
  // A field given twice is refused naming it, as a repeated query parameter is: which value
  // counts would be a guess (the first sent, say a csrf_token or an action a script added).
  // No form of the node sends a field twice (the worklist's ticks are pick_<id>, one per permit,
  // and there is no multi-select); a list field would be allowed here by name.
  FormData out;
  for (auto& [k, v] : fields) {
    if (!out.emplace(k, v).second) {
      return core::Fail(core::Error{core::ErrorCode::kMalformed,
                                    "The form field '" + k + "' is given more than once; give it once.",
                                    {{k, "repeated", "Give this field once."}},
                                    {}});
    }
  }
  return out;
}

std::string Get(const FormData& form, const std::string& name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

std::optional<std::string> Opt(const FormData& form, const std::string& name) {
  std::string v = Get(form, name);
  if (v.empty()) return std::nullopt;
  return v;
}

Options CountryOptions(const PageContext& ctx) {
  Options out{{"", ctx.T("Choose a country")}};
  for (const auto& [code, name] : kCountries) out.emplace_back(code, ctx.T(name));
  return out;
}

std::string CountryName(const PageContext& ctx, const std::string& code) {
  for (const auto& [c, name] : kCountries) {
    if (code == c) return ctx.T(name);
  }
  return code;
}

std::string ProvinceName(const PageContext& ctx, const std::string& code) {
  const auto* s = registry::Reference::Embedded().FindSubdivision(code);
  if (!s) return code;
  if (ctx.tr->lang() == "vi" && !s->name_vi.empty()) return s->name_vi;
  if (ctx.tr->lang() == "lo" && !s->name_lo.empty()) return s->name_lo;
  return s->name_en;
}

std::string OccupationTitle(const PageContext& ctx, const std::string& isco) {
  const std::string title = registry::Reference::Embedded().OccupationTitle(isco);
  return title.empty() ? isco : ctx.T(title);
}

std::string OccupationLabel(const PageContext& ctx, const std::string& isco) {
  const std::string title = registry::Reference::Embedded().OccupationTitle(isco);
  return title.empty() ? isco : isco + " – " + ctx.T(title);
}

Options ProvinceOptions(const PageContext& ctx, const std::string& country) {
  Options out{{"", ctx.T("Choose a province")}};
  for (const char* c : {"LA", "VN"}) {
    if (!country.empty() && country != c) continue;
    for (const auto* s : registry::Reference::Embedded().CurrentSubdivisions(c)) {
      out.emplace_back(s->code, ProvinceName(ctx, s->code) + " (" + CountryName(ctx, c) + ")");
    }
  }
  return out;
}

std::string PermitStatusLabel(const PageContext& ctx, const std::string& status) {
  for (const auto& [code, name] : kPermitStatuses) {
    if (status == code) return ctx.T(name);
  }
  return status;
}

std::string RoleLabel(const PageContext& ctx, access::Role role) {
  for (const auto& [r, name] : kRoles) {
    if (r == role) return ctx.T(name);
  }
  return std::string(access::RoleName(role));
}

std::string DateOrDash(const PageContext& ctx, const std::optional<std::string>& d) {
  return d ? ctx.tr->Date(*d) : std::string("–");
}

View Detail(const std::string& label, const std::string& value) {
  View v;
  v.set("label", label);
  v.set("value", value.empty() ? std::string("–") : value);
  return v;
}

std::string UrlEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      static const char* kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

core::Result<int64_t> VersionOf(const FormData& form) {
  const std::string s = Get(form, "version");
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 1) {
    return core::Fail(core::Error::Field("version", "invalid_value", "The form has no version."));
  }
  return v;
}

http::Response FormPage(const PageContext& ctx, int status, const std::string& heading, const Form& form,
                        const std::string& back) {
  View v;
  v.set("heading", heading);
  v.set("has_intro", false);
  v.set("has_back", !back.empty());
  v.set("back", back);
  v.set("form", FormView(ctx, form));
  return RenderPage(ctx, status, "form_page", heading, std::move(v));
}

core::Result<http::Response> Rejected(const PageContext& ctx, Form form, const core::Error& error,
                                      const std::string& heading, const std::string& back,
                                      std::string (*field_of)(const std::string&)) {
  if (error.code != core::ErrorCode::kValidation || error.fields.empty()) return core::Fail(error);
  AttachErrors(ctx, form, error.fields, field_of);
  return FormPage(ctx, 422, heading, form, back);
}

namespace {

std::string Shown(const Field& f, const std::string& value) {
  for (const auto& [v, label] : f.options) {
    if (v == value && !v.empty()) return label;
  }
  return value.empty() ? std::string("–") : value;
}

}  // namespace

http::Response ConflictPage(const PageContext& ctx, const Form& mine_form, const FormData& mine, const FormData& theirs,
                            const std::string& discard) {
  return ConflictPage(ctx, mine_form, mine, theirs, discard, SavedBy{});
}

http::Response ConflictPage(const PageContext& ctx, const Form& mine_form, const FormData& mine, const FormData& theirs,
                            const std::string& discard, const SavedBy& saved) {
  View v;
  const bool known = !saved.actor.empty() && !saved.at.empty();
  v.set("has_saved_by", known);
  if (known) v.set("saved_by", ctx.F("{1} saved this record on {2}.", {saved.actor, ctx.tr->Date(saved.at)}));
  View rows = MakeList();
  for (const auto& f : mine_form.fields) {
    View row;
    row.set("label", f.label);
    // A date input shows both versions day first and compares the dates, not how they were typed.
    const std::string their_value = f.date ? DayFirstDate(Get(theirs, f.name)) : Get(theirs, f.name);
    const std::string my_value = f.date ? DayFirstDate(IsoDateAsWritten(Get(mine, f.name), true)) : Get(mine, f.name);
    row.set("theirs", Shown(f, their_value));
    row.set("mine", Shown(f, my_value));
    // Set only when known: an empty string would still open a mustache section.
    if (auto l = ScriptLang(Get(theirs, f.name)); !l.empty()) row.set("theirs_lang", l);
    if (auto l = ScriptLang(Get(mine, f.name)); !l.empty()) row.set("mine_lang", l);
    row.set("differs", their_value != my_value);
    rows.push_back(row);
  }
  v.set("rows", rows);
  v.set("action", mine_form.action);
  v.set("discard", discard);
  View hidden = MakeList();
  for (const auto& [k, value] : mine) {
    if (k == "csrf_token") continue;
    View h;
    h.set("name", k);
    h.set("value", k == "version" ? Get(theirs, "version") : value);
    hidden.push_back(h);
  }
  v.set("hidden", hidden);
  return RenderPage(ctx, 409, "conflict", ctx.T("Someone else saved this record first"), std::move(v));
}

std::string IsoDateAsWritten(const std::string& typed, bool partial) {
  std::string_view t = typed;
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  if (auto d = core::ParseDateAsWritten(t, partial)) return d->ToString();
  return typed;
}

std::optional<std::string> IsoDateAsWritten(const std::optional<std::string>& typed, bool partial) {
  if (!typed) return typed;
  return IsoDateAsWritten(*typed, partial);
}

std::string ScriptLang(const std::string& text) {
  bool vietnamese = false;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const auto a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
    // Lao block U+0E80..U+0EFF is E0 BA 80..E0 BB BF in UTF-8.
    if (a == 0xE0 && (b == 0xBA || b == 0xBB)) return "lo";
    // Vietnamese: the letters with tone marks (U+1EA0..U+1EF9, E1 BA/BB ..), and đ ă ơ ư.
    if (a == 0xE1 && (b == 0xBA || b == 0xBB)) vietnamese = true;
    if ((a == 0xC4 && (b == 0x91 || b == 0x90 || b == 0x83 || b == 0x82)) ||
        (a == 0xC6 && (b == 0xA1 || b == 0xA0 || b == 0xB0 || b == 0xAF))) {
      vietnamese = true;
    }
  }
  return vietnamese ? "vi" : "";
}

View DownloadLinks(const PageContext& ctx, std::string_view kind, const std::string& filter_query) {
  View v;
  const std::string base = "/api/v1/exports/" + std::string(kind) + "?lang=" + ctx.tr->lang();
  v.set("csv_href", base + "&format=csv&bom=true" + filter_query);
  v.set("xlsx_href", base + "&format=xlsx" + filter_query);
  return v;
}

}  // namespace lb::ui
