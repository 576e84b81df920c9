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
// Defined (and instantiated) for Organisation, Agreement, Conference, Commitment, Activity and
// Twinning in kinds.cpp.
template <typename T>
kinds::Fields<T> FieldsOf();

}  // namespace lb::cooperation
