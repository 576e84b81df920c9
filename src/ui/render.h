#pragma once
// Page rendering: mustache templates from src/ui/templates/ (embedded in the binary), every
// value escaped (only the layout's {{{content}}} takes HTML, and that is our own rendering),
// text in the request's language through {{#t}}English{{/t}} sections.
#include <kainjow/mustache.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "http/message.h"
#include "platform/access/sessions.h"
#include "ui/i18n.h"

namespace lb::ui {

using View = kainjow::mustache::data;
using List = kainjow::mustache::data;  // construct with kainjow::mustache::data::type::list

// Marks a message for the catalogs where it is defined (tables of labels); T() translates it.
constexpr const char* N_(const char* msgid) { return msgid; }

// What every page needs: the request, its language, the signed-in session (if any).
class Site;

struct PageContext {
  const http::Request* request = nullptr;
  const Site* site = nullptr;  // the menu and partials features added (none on the login page)
  const Translator* tr = nullptr;
  std::optional<access::ActiveSession> session;
  int refresh_seconds = 0;  // > 0: the page reloads itself this often when scripts are off

  std::string T(std::string_view msgid) const { return tr->T(msgid); }
  std::string F(std::string_view msgid, const std::vector<std::string>& args) const { return tr->F(msgid, args); }
  const access::Principal& principal() const { return session->principal; }
  const std::string& csrf() const { return session->csrf_token; }
};

// Renders templates/<name>.mustache with `view` (plus "t" for translation and "csrf").
std::string RenderTemplate(const PageContext& ctx, std::string_view name, View view);

// A whole page: the template inside the layout (header, navigation, language switcher).
http::Response RenderPage(const PageContext& ctx, int status, std::string_view name, const std::string& title,
                          View view);

// 303 See Other to `location` (after every successful form post).
http::Response Redirect(const std::string& location);

// A list view from strings or views.
View MakeList();

// One input of a form.
struct Field {
  std::string name;
  std::string label;
  std::string value;
  std::string hint;
  std::string type = "text";                                 // text, date, password, select, textarea, number
  std::vector<std::pair<std::string, std::string>> options;  // select: value, label
  std::string autocomplete;
  std::string input_lang;   // lang attribute of the typed text (e.g. "lo" for a Lao name)
  std::string placeholder;  // the format a value takes ("dd/mm/yyyy"); the hint says it too
  bool date = false;        // a day-first date input (ui/dates.h DateInputField)
  // A JSON endpoint answering ?q= with {"items":[{"code","title"}]}: with scripts on, app.js
  // offers its items under the input and a choice fills in the code (the input works without).
  std::string suggest;
  bool required = false;
  std::string error;  // translated message, empty when the value is fine
};

// A form's view: fields with errors inline and the summary at the top linking to them.
struct Form {
  std::string action;
  std::string submit;
  std::vector<Field> fields;
  std::vector<std::pair<std::string, std::string>> hidden;
  std::string confirm;     // a question asked before submitting (by app.js), empty for none
  bool multipart = false;  // posts multipart/form-data (a form with a file input)
  bool get = false;        // a GET form (no CSRF token in the URL): searches and downloads
};
View FormView(const PageContext& ctx, const Form& form);

// Puts service field errors on the form's fields: `field_of` maps a service field name
// ("documents[0].number") to the form's ("doc_number"); messages are translated by code.
// Errors on no visible field go on the first field.
void AttachErrors(const PageContext& ctx, Form& form, const std::vector<core::FieldError>& errors,
                  std::string (*field_of)(const std::string&) = nullptr);

// The translated message for one field error, naming the field by its label.
std::string ErrorMessage(const PageContext& ctx, const core::FieldError& error, const std::string& label);
// Whether ErrorMessage has a message of its own for this code (else a generic one).
bool HasErrorMessage(std::string_view code);

}  // namespace lb::ui
