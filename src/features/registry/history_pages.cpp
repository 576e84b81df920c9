#include "features/registry/history_pages.h"

#include "features/registry/kinds.h"
#include "ui/page_support.h"

namespace lb::registry {

// Pages are written in the vocabulary of src/ui (PageContext, View, Escape, forms).
using namespace lb::ui;  // NOLINT(google-build-using-namespace)
namespace {

template <typename T>
void AddFieldLabels(HistoryLabels& labels, const kinds::Fields<T>& fields) {
  for (const auto& f : fields) labels.fields.emplace(std::string(f.name), f.label);
}

}  // namespace

core::Status AddRegistryHistory(const RegistryPageServices& s, const PageContext& ctx, const std::string& entity_type,
                                const std::string& id, View& view, int limit) {
  LB_TRY(entries, s.registry.RecordHistory(ctx.principal(), entity_type, id, limit));
  HistoryLabels labels;
  labels.actions = {{"person.create", N_("Registered")},      {"person.update", N_("Details changed")},
                    {"person.move", N_("Details changed")},   {"person.archive", N_("Archived")},
                    {"employer.create", N_("Registered")},    {"employer.update", N_("Details changed")},
                    {"employer.move", N_("Details changed")}, {"employer.archive", N_("Archived")},
                    {"permit.create", N_("Registered")},      {"permit.update", N_("Details changed")},
                    {"permit.move", N_("Details changed")},   {"permit.transition", N_("Status changed")}};
  if (entity_type == "person") AddFieldLabels(labels, registry::PersonFields());
  if (entity_type == "employer") AddFieldLabels(labels, registry::EmployerFields());
  if (entity_type == "permit") AddFieldLabels(labels, registry::PermitFields());
  labels.fields.emplace("documents", N_("Documents"));
  labels.fields.emplace("status", N_("Status"));
  labels.fields.emplace("extensions", N_("Extensions"));
  const bool permit = entity_type == "permit";
  labels.value = [&ctx, permit](const std::string& field, const nlohmann::json& v) -> std::string {
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) return HistoryValue(ctx, v);
    const auto& text = v.get_ref<const std::string&>();
    if (field == "nationality" || field == "country" || field == "host_country") return CountryName(ctx, text);
    if (field == "home_province" || field == "province" || field == "host_province") return ProvinceName(ctx, text);
    if (field == "status" && permit) return PermitStatusLabel(ctx, text);
    if (field == "sex") {
      if (text == "F") return ctx.T("Female");
      if (text == "M") return ctx.T("Male");
      if (text == "X") return ctx.T("Other or not stated");
    }
    return HistoryValue(ctx, v);
  };
  view.set("history", HistoryView(ctx, entries, labels));
  return {};
}

}  // namespace lb::registry
