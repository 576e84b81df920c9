#pragma once
// Shared by the page handlers: the signed-in wrapper, form bodies, option lists and labels.
#include <charconv>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/router.h"
#include "ui/pages.h"
#include "ui/render.h"

namespace lb::ui {

using PageHandler = std::function<core::Result<http::Response>(PageContext&, const http::PathParams&)>;

// The context of a request, with its session when the cookie names a live one.
PageContext ContextFor(const PageServices& services, const http::Request& request);

// Pages for signed-in users only: others go to /login (303). Posts need the session's CSRF
// token (403 otherwise). Errors from the handler become a page in the user's language.
http::Handler SignedIn(const PageServices& services, PageHandler handler);

// The page for an error the handler did not handle itself (not found, forbidden, ...).
http::Response ErrorPage(const PageContext& ctx, const core::Error& error);

// The fields of an application/x-www-form-urlencoded body (the first of repeated names).
using FormData = std::map<std::string, std::string>;
core::Result<FormData> ReadForm(const http::Request& request);
std::string Get(const FormData& form, const std::string& name);
// Empty -> nullopt.
std::optional<std::string> Opt(const FormData& form, const std::string& name);

using Options = std::vector<std::pair<std::string, std::string>>;
// Countries the registry meets most, with a first "choose" entry.
Options CountryOptions(const PageContext& ctx);
// Provinces of Laos and today's Vietnam, named in the page's language.
Options ProvinceOptions(const PageContext& ctx, const std::string& country = "");
std::string CountryName(const PageContext& ctx, const std::string& code);
std::string ProvinceName(const PageContext& ctx, const std::string& code);
std::string PermitStatusLabel(const PageContext& ctx, const std::string& status);
// "7112 – Bricklayers and related workers": the ISCO-08 code and its title in the page's
// language where the catalog has it (English otherwise); the bare code when unknown.
std::string OccupationLabel(const PageContext& ctx, const std::string& isco);
// The title alone (the code when unknown).
std::string OccupationTitle(const PageContext& ctx, const std::string& isco);
std::string RoleLabel(const PageContext& ctx, access::Role role);

// The language a name is written in (for the lang attribute): "lo" for Lao script, "vi" for
// Vietnamese letters with their marks, else "".
std::string ScriptLang(const std::string& text);

// ---- form handling shared by the registry and cooperation pages ----------------------------

// A date in the page's language, or "–" when there is none.
std::string DateOrDash(const PageContext& ctx, const std::optional<std::string>& d);
// A date as people type it — day first (31/12/2026, 31-12-2026) or ISO — as ISO text for the
// services; what was typed when it is no date (the service's error then names the field).
// `partial`: a month and year (03/1994) or a year alone too (birth dates).
std::string IsoDateAsWritten(const std::string& typed, bool partial = false);
std::optional<std::string> IsoDateAsWritten(const std::optional<std::string>& typed, bool partial = false);
// One label/value row of a details list ("–" for an empty value).
View Detail(const std::string& label, const std::string& value);
// Percent-encodes a query value.
std::string UrlEncode(const std::string& s);
// The form's hidden "version" (the version the officer read); a field error when missing.
core::Result<int64_t> VersionOf(const FormData& form);

// A page holding one form, with an optional back link.
http::Response FormPage(const PageContext& ctx, int status, const std::string& heading, const Form& form,
                        const std::string& back);
// The form again with the service's field errors (422), or the error page when the error is
// not about the input.
core::Result<http::Response> Rejected(const PageContext& ctx, Form form, const core::Error& error,
                                      const std::string& heading, const std::string& back,
                                      std::string (*field_of)(const std::string&) = nullptr);
// Both versions side by side (409); "save mine" re-posts my values against the saved version.
http::Response ConflictPage(const PageContext& ctx, const Form& mine_form, const FormData& mine, const FormData& theirs,
                            const std::string& discard);
// Who saved the version that won, and when (RFC 3339); empty when not known.
struct SavedBy {
  std::string actor;
  std::string at;
};
// The same, saying who saved the other version and when.
http::Response ConflictPage(const PageContext& ctx, const Form& mine_form, const FormData& mine, const FormData& theirs,
                            const std::string& discard, const SavedBy& saved);
// The CSV and XLSX download links of a list page: the export API with the list's filters
// (`filter_query`: "&name=value..." URL-encoded) and the page's language for the header;
// `kind` is the export's name ("persons", "employers", "permits").
View DownloadLinks(const PageContext& ctx, std::string_view kind, const std::string& filter_query);

// The users and tokens admin (ui's own; called by RegisterWebRoutes).
void RegisterAdminPages(http::Router& router, const PageServices& services);
// The administrator's audit log view (/admin/audit, /admin/audit.csv).
void RegisterAuditPages(http::Router& router, const PageServices& services);

}  // namespace lb::ui
