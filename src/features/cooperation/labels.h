#pragma once
// Labels of the dashboard and the evaluation report in Vietnamese, Lao and English, from the
// gettext catalogs the web pages use (po/*.po; the table of keys is in
// src/features/cooperation/labels.cpp, where the catalog tools find its messages).
#include <string>
#include <string_view>

namespace lb::cooperation {

// True for vi, lo and en.
bool IsReportLanguage(std::string_view lang);

// The label for `key` in `lang`; the key itself when unknown (a missing label shows, it
// does not fail a report).
const std::string& Label(std::string_view key, std::string_view lang);

}  // namespace lb::cooperation
