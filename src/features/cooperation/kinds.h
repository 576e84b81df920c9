#pragma once
// The cooperation's record kinds as field tables (platform/kinds): from them come each
// record's JSON out, its JSON in, the editable members a merge patch applies to and the form
// the store keeps in `doc`. Validation, natural keys, lawful transitions and scope rules stay
// in CooperationService.
#include "features/cooperation/model.h"
#include "platform/kinds/kind.h"

namespace lb::cooperation {

// The field table of a kind (organisations, agreements, conferences, commitments, activities,
// twinnings). The bookkeeping members (Meta) are not in it: every kind writes them the same way.
template <typename T>
kinds::Fields<T> FieldsOf();

template <>
kinds::Fields<Organisation> FieldsOf<Organisation>();
template <>
kinds::Fields<Agreement> FieldsOf<Agreement>();
template <>
kinds::Fields<Conference> FieldsOf<Conference>();
template <>
kinds::Fields<Commitment> FieldsOf<Commitment>();
template <>
kinds::Fields<Activity> FieldsOf<Activity>();
template <>
kinds::Fields<Twinning> FieldsOf<Twinning>();

}  // namespace lb::cooperation
