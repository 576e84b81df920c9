#include "features/cooperation/seed.h"

#include <map>

#include "core/json_limits.h"
#include "core/resources.h"
#include "features/cooperation/json.h"

namespace lb::cooperation {
namespace {

using nlohmann::json;

core::Error Bad(const std::string& what) { return core::Error::Internal("cooperation seed: " + what); }

// Replaces the seed's keys (organisation codes, conference and agreement keys) by ids.
struct Keys {
  std::map<std::string, std::string> orgs, conferences, agreements;

  core::Result<std::string> Org(const std::string& code) const {
    auto it = orgs.find(code);
    if (it == orgs.end()) return core::Fail(Bad("unknown organisation " + code));
    return it->second;
  }
  core::Result<std::optional<std::string>> Opt(const std::map<std::string, std::string>& m, const json& j,
                                               const char* member) const {
    if (!j.contains(member) || j[member].is_null()) return std::optional<std::string>();
    auto it = m.find(j[member].get<std::string>());
    if (it == m.end()) return core::Fail(Bad(std::string("unknown ") + member + " " + j[member].get<std::string>()));
    return std::optional<std::string>(it->second);
  }
  // Sets `in[id]` to the id the seed's `j[member]` names in `m`, when it names one.
  core::Status Link(json& in, const char* id, const std::map<std::string, std::string>& m, const json& j,
                    const char* member) const {
    LB_TRY(found, Opt(m, j, member));
    if (found) in[id] = *found;
    return {};
  }
  core::Result<std::vector<std::string>> Orgs(const json& j, const char* member) const {
    std::vector<std::string> out;
    if (!j.contains(member)) return out;
    for (const auto& c : j[member]) {
      LB_TRY(id, Org(c.get<std::string>()));
      out.push_back(id);
    }
    return out;
  }
  // The array `member` of `j` (people: delegations, signatories), each with its "org" code
  // replaced by "organisation_id".
  core::Result<json> People(const json& j, const char* member) const {
    json out = json::array();
    for (const auto& person : j.value(member, json::array())) {
      json p = person;
      p.erase("org");
      if (person.contains("org")) {
        LB_TRY(id, Org(person["org"].get<std::string>()));
        p["organisation_id"] = id;
      }
      out.push_back(std::move(p));
    }
    return out;
  }
};

// A copy of `j` without the seed-only members, ready for FromJson.
json Strip(json j, std::initializer_list<const char*> members) {
  for (auto m : members) j.erase(m);
  return j;
}

template <typename T>
core::Result<T> Read(const json& j) {
  std::vector<core::FieldError> errors;
  T out;
  FromJson(j, out, errors);
  if (!errors.empty()) return core::Fail(Bad("bad record: " + errors.front().field + " " + errors.front().message));
  return out;
}

template <typename T, typename ListFn>
core::Result<std::vector<T>> All(ListFn&& list) {
  std::vector<T> out;
  ListRequest page;
  page.limit = 500;
  for (;;) {
    LB_TRY(p, list(page));
    for (auto& x : p.items) out.push_back(std::move(x));
    if (!p.next_cursor) break;
    page.cursor = p.next_cursor;
  }
  return out;
}

// The id of the record of `existing` that is `same` as the seed's (counted skipped), else of the
// one `create` records (counted made).
template <typename T, typename Same, typename Create>
core::Result<std::string> Once(const std::vector<T>& existing, const T&, Same&& same, Create&& create, int& skipped,
                               int& made) {
  if (auto found = std::find_if(existing.begin(), existing.end(), same); found != existing.end()) {
    ++skipped;
    return found->meta.id;
  }
  LB_TRY(created, create());
  ++made;
  return created.meta.id;
}

}  // namespace

core::Result<SeedSummary> LoadSeed(CooperationService& svc, const access::Principal& actor, std::string_view text) {
  if (text.empty()) {
    auto res = core::FindResource("data/cooperation/seed.json");
    if (!res) return core::Fail(Bad("data/cooperation/seed.json is not embedded"));
    text = *res;
  }
  const json seed = core::ParseStoredJson(text);
  if (!seed.is_object()) return core::Fail(Bad("not a JSON object"));
  SeedSummary sum;
  Keys keys;

  // Organisations, by code.
  LB_TRY(orgs, All<Organisation>([&](const ListRequest& p) { return svc.ListOrganisations(actor, std::nullopt, p); }));
  for (const auto& o : orgs) keys.orgs[o.code] = o.meta.id;
  for (const auto& j : seed.value("organisations", json::array())) {
    const std::string code = j.value("code", "");
    if (keys.orgs.contains(code)) {
      ++sum.skipped;
      continue;
    }
    json in = Strip(j, {"parent"});
    if (j.contains("parent")) {
      LB_TRY(parent, keys.Org(j["parent"].get<std::string>()));
      in["parent_id"] = parent;
    }
    LB_TRY(o, Read<Organisation>(in));
    LB_TRY(created, svc.CreateOrganisation(actor, o));
    keys.orgs[code] = created.meta.id;
    ++sum.organisations;
  }
  for (const auto& j : seed.value("successions", json::array())) {
    LB_TRY(pred, keys.Org(j.value("predecessor", "")));
    LB_TRY(succ, keys.Org(j.value("successor", "")));
    LB_TRY(current, svc.GetOrganisation(actor, pred));
    if (current.successor_id) {
      ++sum.skipped;
      continue;
    }
    LB_CHECK(svc.AddSuccession(actor, pred, succ, j.value("effective_on", "")));
    ++sum.successions;
  }

  // Conferences, by kind and number (or kind and date).
  LB_TRY(confs, All<Conference>([&](const ListRequest& p) { return svc.ListConferences(actor, p); }));
  for (const auto& j : seed.value("conferences", json::array())) {
    json in = Strip(j, {"key", "delegations"});
    LB_TRY(delegations, keys.People(j, "delegations"));
    in["delegations"] = std::move(delegations);
    LB_TRY(c, Read<Conference>(in));
    LB_TRY(id, Once(
                   confs, c,
                   [&](const Conference& x) {
                     return x.kind == c.kind && (c.number ? x.number == c.number : x.held_on == c.held_on);
                   },
                   [&] { return svc.CreateConference(actor, c); }, sum.skipped, sum.conferences));
    keys.conferences[j.value("key", "")] = id;
  }

  // Agreements, by kind and English title.
  LB_TRY(agreements, All<Agreement>([&](const ListRequest& p) { return svc.ListAgreements(actor, std::nullopt, p); }));
  for (const auto& j : seed.value("agreements", json::array())) {
    json in = Strip(j, {"key", "parties", "conference", "amends", "replaces", "signatories"});
    LB_TRY(parties, keys.Orgs(j, "parties"));
    in["party_ids"] = parties;
    LB_CHECK(keys.Link(in, "conference_id", keys.conferences, j, "conference"));
    LB_CHECK(keys.Link(in, "amends_id", keys.agreements, j, "amends"));
    LB_CHECK(keys.Link(in, "replaces_id", keys.agreements, j, "replaces"));
    LB_TRY(signatories, keys.People(j, "signatories"));
    in["signatories"] = std::move(signatories);
    LB_TRY(a, Read<Agreement>(in));
    LB_TRY(id, Once(
                   agreements, a, [&](const Agreement& x) { return x.kind == a.kind && x.title.en == a.title.en; },
                   [&] { return svc.CreateAgreement(actor, a); }, sum.skipped, sum.agreements));
    keys.agreements[j.value("key", "")] = id;
  }

  // Commitments, by conference and English text; then their progress updates.
  LB_TRY(commitments, All<Commitment>([&](const ListRequest& p) { return svc.ListCommitments(actor, {}, p); }));
  for (const auto& j : seed.value("commitments", json::array())) {
    json in = Strip(j, {"conference", "agreement", "vn", "la", "carried_to", "progress"});
    LB_CHECK(keys.Link(in, "conference_id", keys.conferences, j, "conference"));
    LB_CHECK(keys.Link(in, "agreement_id", keys.agreements, j, "agreement"));
    LB_CHECK(keys.Link(in, "carried_to_conference_id", keys.conferences, j, "carried_to"));
    LB_TRY(vn, keys.Orgs(j, "vn"));
    LB_TRY(la, keys.Orgs(j, "la"));
    in["vn_org_ids"] = vn;
    in["la_org_ids"] = la;
    LB_TRY(c, Read<Commitment>(in));
    const auto found = std::find_if(commitments.begin(), commitments.end(), [&](const Commitment& x) {
      return x.conference_id == c.conference_id && x.text.en == c.text.en;
    });
    if (found != commitments.end()) {
      ++sum.skipped;
      continue;
    }
    // Created as planned; the progress updates bring it to its recorded status.
    const std::string final_status = c.status;
    const bool has_progress = j.contains("progress") && !j["progress"].empty();
    if (has_progress) {
      c.status = "planned";
      c.carried_to_conference_id.reset();
    }
    LB_TRY(created, svc.CreateCommitment(actor, c));
    ++sum.commitments;
    for (const auto& p : j.value("progress", json::array())) {
      ProgressUpdate u;
      u.on_date = p.value("date", "");
      u.status = p.value("status", final_status);
      if (p.contains("note")) u.note = p["note"].get<std::string>();
      if (p.contains("evidence")) u.evidence = p["evidence"].get<std::string>();
      LB_TRY(to, keys.Opt(keys.conferences, p, "carried_to"));
      LB_CHECK(svc.AddProgress(actor, created.meta.id, std::nullopt, u, to));
      ++sum.progress;
    }
  }

  for (const auto& j : seed.value("twinnings", json::array())) {
    LB_TRY(t, Read<Twinning>(Strip(j, {"agreement"})));
    auto r = svc.CreateTwinning(actor, t);
    if (!r && r.error().code == core::ErrorCode::kConflict) {
      ++sum.skipped;
      continue;
    }
    if (!r) return core::Fail(r.error());
    ++sum.twinnings;
  }
  return sum;
}

}  // namespace lb::cooperation
