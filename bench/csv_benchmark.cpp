// CSV parsing speed: the exchange's streaming reader against Debian's libcsv (the same work:
// every field copied out into a row of strings) and the small whole-text reader in core/.
// The exchange keeps its own reader only while it is at least as fast; this shows the ratio.
#include <benchmark/benchmark.h>
#include <csv.h>

#include <string>
#include <vector>

#include "core/csv.h"
#include "features/files/csv_reader.h"

namespace {

const std::string& Sample() {
  static const std::string text = [] {
    std::string s =
        "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
        "document_number,document_country,document_expires\n";
    for (int i = 0; i < 100000; ++i) {
      s += "PHOMMAVONG,Khamla,\"ຄຳຫລ້າ, ພົມມະວົງ\",M,1990-04-02,LA,LA-VT,+856 20 5555 1234,passport,P" +
           std::to_string(10000000 + i) + ",LA,2031-01-01\r\n";
    }
    return s;
  }();
  return text;
}

void BM_ExchangeCsvReader(benchmark::State& state) {
  const std::string& text = Sample();
  size_t rows = 0;
  for (auto _ : state) {
    auto r = lb::files::CsvReader::FromString(text);
    lb::files::SourceRow row;
    while (*r->Next(row)) ++rows;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  benchmark::DoNotOptimize(rows);
}
BENCHMARK(BM_ExchangeCsvReader)->Unit(benchmark::kMillisecond);

struct LibcsvState {
  std::vector<std::string> row;
  size_t rows = 0;
};

void BM_Libcsv(benchmark::State& state) {
  const std::string& text = Sample();
  size_t rows = 0;
  for (auto _ : state) {
    csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
    LibcsvState st;
    auto on_field = [](void* s, size_t len, void* data) {
      static_cast<LibcsvState*>(data)->row.emplace_back(static_cast<const char*>(s), len);
    };
    auto on_row = [](int, void* data) {
      auto* d = static_cast<LibcsvState*>(data);
      ++d->rows;
      d->row.clear();
    };
    // Fed in 64 KiB pieces, as a streaming reader reads a file.
    for (size_t off = 0; off < text.size(); off += 1 << 16) {
      const size_t n = std::min<size_t>(1 << 16, text.size() - off);
      csv_parse(&p, text.data() + off, n, on_field, on_row, &st);
    }
    csv_fini(&p, on_field, on_row, &st);
    csv_free(&p);
    rows += st.rows;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  benchmark::DoNotOptimize(rows);
}
BENCHMARK(BM_Libcsv)->Unit(benchmark::kMillisecond);

void BM_CoreParseCsvWholeText(benchmark::State& state) {
  const std::string& text = Sample();
  for (auto _ : state) benchmark::DoNotOptimize(lb::core::ParseCsv(text).size());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_CoreParseCsvWholeText)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
