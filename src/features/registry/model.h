#pragma once
// The migrant-worker registry's records as plain structs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lb::registry {

// The scope a record was registered in: the registering user's country, and their province
// and organisation when their account is narrowed to one.
struct RecordScope {
  std::optional<std::string> country, province, org;
};

// What a user may see: a country, optionally narrowed to provinces (a province and its
// predecessors or successor across Vietnam's 2025 merger) and an organisation.
struct Scope {
  std::string country;
  std::vector<std::string> provinces;  // empty = the whole country
  std::optional<std::string> org;
};

// An identity document of a person.
struct Document {
  std::string kind;  // passport, national_id, lao_id_card, family_book
  std::string number;
  std::string issuing_country;         // ISO 3166-1 alpha-2
  std::optional<std::string> expires;  // YYYY-MM-DD
};

// A migrant worker (or any person the registry knows).
struct Person {
  std::string id;
  std::string family_name;                   // passport Latin; empty for people without a family name
  std::string given_names;                   // passport Latin
  std::optional<std::string> native_name;    // as the person writes it (Lao script, Vietnamese)
  std::string sex;                           // F, M, X
  std::optional<std::string> birth_date;     // 1978, 1978-05 or 1978-05-21
  std::string nationality;                   // ISO 3166-1 alpha-2
  std::optional<std::string> home_province;  // ISO 3166-2
  std::vector<Document> documents;
  std::optional<std::string> phone;
  std::string status = "active";  // active, archived
  int64_t version = 1;
  std::string owner_node;
  std::string created_at;
  std::string updated_at;
  RecordScope scope;  // who may see it (not part of the API representation)
};

// An enterprise that employs migrant workers.
struct Employer {
  std::string id;
  std::string name;
  std::optional<std::string> native_name;
  std::string registration_number;
  std::string country;
  std::optional<std::string> province;
  std::optional<std::string> sector;  // ISIC Rev.4 section letter
  std::optional<std::string> address;
  std::optional<std::string> website;  // http:// or https://
  std::string status = "active";
  int64_t version = 1;
  std::string owner_node;
  std::string created_at;
  std::string updated_at;
  RecordScope scope;
};

// One recorded status change of a work permit.
struct PermitTransition {
  std::optional<std::string> from_status;
  std::string to_status;
  std::string effective_on;  // YYYY-MM-DD
  std::optional<std::string> reason;
  std::string actor;
  std::optional<std::string> valid_until;  // new end date, for extensions
  std::string recorded_at;
};

// A work permit of a person with an employer in a host country.
struct WorkPermit {
  std::string id;
  std::string person_id;
  std::string employer_id;
  std::string host_country;   // VN or LA
  std::string host_province;  // ISO 3166-2 (or project code for 2025 VN provinces)
  std::string occupation;     // ISCO-08 unit group
  std::string permit_number;
  std::optional<std::string> issued;
  std::string valid_from;
  std::string valid_until;
  std::string status;  // applied, issued, extended, expired, revoked, refused, withdrawn
  int64_t extensions = 0;
  int64_t version = 1;
  std::string owner_node;
  std::string created_at;
  std::string updated_at;
  std::vector<PermitTransition> transitions;  // filled on single reads
  // The names a list shows beside the permit (filled on sorted list reads only).
  struct Parties {
    std::string family_name, given_names;
    std::optional<std::string> native_name;
    std::optional<std::string> employer_name;  // unset when the employer lies outside the reader's scope
  };
  std::optional<Parties> parties;
};

// Filters for list endpoints; unset = no filter.
struct PersonFilter {
  std::optional<std::string> nationality, province, status;
};
struct EmployerFilter {
  std::optional<std::string> country, province, status;
  std::optional<std::string> sector;  // ISIC section letter
  std::optional<std::string> q;       // part of the name (either script) or the registration number
};
struct PermitFilter {
  std::optional<std::string> status, employer_id, person_id, host_country, province, expiring_before;
  std::optional<std::string> q;  // a permit number, or a worker's name in any spelling
  // The day statuses are read on (YYYY-MM-DD; the service sets it from its clock): with it, a
  // permit in force whose valid_until is before this day counts as expired, not as issued or
  // extended (registry/expiry.h). Unset: the stored statuses.
  std::optional<std::string> as_of;
  // Only permits in force on as_of (issued or extended, valid_until not passed).
  bool in_force = false;
  std::optional<std::string> ending_from;  // valid_until on or after this day
};

// A page of a keyset-paginated list.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
  // Sorted lists also tell how many records the filter matches in all, and the page before.
  std::optional<int64_t> total;
  int64_t offset = 0;  // records before this page in its order
  std::optional<std::string> prev_cursor;
};

// A requested permit status change.
struct TransitionRequest {
  std::string to;
  std::string effective_on;
  std::optional<std::string> reason;
  std::optional<std::string> valid_until;
};

// A person found by name search, with how well and by which written form of the name.
struct PersonHit {
  Person person;
  double score = 0;  // 0..1
  std::string matched_form;  // the form of the name that matched ("Bounnhang Vorachith", "ບຸນຍັງ ວໍລະຈິດ")
};

// An existing person who may be the same as one about to be registered.
struct DuplicateCandidate {
  Person person;
  double score = 0;                  // probability-like 0..1 from the match weights
  std::vector<std::string> reasons;  // "name", "birth_date", "document", ... (docs/matching.md)
};

}  // namespace lb::registry
