// Experiment tool, not built by CMake: an LD_PRELOAD shim around libsqlite3 that estimates the
// gain of changes to src/storage/sqlite before anyone makes them, and simulates a slower disk.
//
//   gcc -O2 -shared -fPIC -o /tmp/sqlite_shim.so bench/tools/sqlite_shim.c -ldl -lsqlite3
//   LD_PRELOAD=/tmp/sqlite_shim.so LBSHIM_PREP_TX=1 LBSHIM_MMAP=268435456 LB_BENCH_ONLY="healthz get" bench/http_load
//
// (LD_PRELOAD reaches the server through bench/http_load; wrk and curl ignore it.)
//   LBSHIM_MMAP=N           PRAGMA mmap_size=N after each sqlite3_open_v2
//   LBSHIM_CACHE=N          PRAGMA cache_size=N after each sqlite3_open_v2
//   LBSHIM_PREP_TX=1        sqlite3_exec("BEGIN" | "BEGIN IMMEDIATE" | "COMMIT" | "ROLLBACK") runs a
//                           cached prepared statement instead of parsing the text each time
//   LBSHIM_SYNC=NORMAL      "synchronous=FULL" in the open pragmas becomes NORMAL (not durable!)
//   LBSHIM_WRITE_MUTEX=1    a process-wide mutex from BEGIN IMMEDIATE to COMMIT/ROLLBACK, instead
//                           of SQLite's sleeping busy handler between the server's connections
//   LBSHIM_FSYNC_DELAY_US=N every fsync/fdatasync takes N us longer (a slower disk)
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*open_fn)(const char*, sqlite3**, int, const char*);
typedef int (*exec_fn)(sqlite3*, const char*, int (*)(void*, int, char**, char**), void*, char**);

static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;
static __thread int holding = 0;

#define MAXDB 64
static struct { sqlite3* db; sqlite3_stmt* s[4]; } cache[MAXDB];
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static const char* kTx[4] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};

int sqlite3_open_v2(const char* f, sqlite3** db, int flags, const char* vfs) {
  static open_fn real;
  if (!real) real = (open_fn)dlsym(RTLD_NEXT, "sqlite3_open_v2");
  int rc = real(f, db, flags, vfs);
  if (rc == SQLITE_OK) {
    static exec_fn rexec;
    if (!rexec) rexec = (exec_fn)dlsym(RTLD_NEXT, "sqlite3_exec");
    char sql[128];
    if (getenv("LBSHIM_MMAP")) { snprintf(sql, sizeof sql, "PRAGMA mmap_size=%s", getenv("LBSHIM_MMAP")); rexec(*db, sql, 0, 0, 0); }
    if (getenv("LBSHIM_CACHE")) { snprintf(sql, sizeof sql, "PRAGMA cache_size=%s", getenv("LBSHIM_CACHE")); rexec(*db, sql, 0, 0, 0); }
  }
  return rc;
}

static sqlite3_stmt* cached(sqlite3* db, int k) {
  pthread_mutex_lock(&cache_mu);
  int i;
  for (i = 0; i < MAXDB && cache[i].db && cache[i].db != db; ++i) {}
  if (i == MAXDB) { pthread_mutex_unlock(&cache_mu); return NULL; }
  cache[i].db = db;
  if (!cache[i].s[k]) sqlite3_prepare_v3(db, kTx[k], -1, SQLITE_PREPARE_PERSISTENT, &cache[i].s[k], NULL);
  sqlite3_stmt* s = cache[i].s[k];
  pthread_mutex_unlock(&cache_mu);
  return s;
}

int sqlite3_exec(sqlite3* db, const char* sql, int (*cb)(void*, int, char**, char**), void* arg, char** err) {
  static exec_fn real;
  if (!real) real = (exec_fn)dlsym(RTLD_NEXT, "sqlite3_exec");
  int k = -1;
  for (int i = 0; i < 4; ++i) if (strcmp(sql, kTx[i]) == 0) k = i;
  if (k == 1 && getenv("LBSHIM_WRITE_MUTEX") && !holding) { pthread_mutex_lock(&write_mu); holding = 1; }
  int rc;
  const char* sync = getenv("LBSHIM_SYNC");
  if (sync && strstr(sql, "synchronous=FULL")) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", sql);
    char* p = strstr(buf, "synchronous=FULL");
    char out[1024];
    *p = 0;
    snprintf(out, sizeof out, "%ssynchronous=%s%s", buf, sync, p + strlen("synchronous=FULL"));
    rc = real(db, out, cb, arg, err);
  } else if (k >= 0 && getenv("LBSHIM_PREP_TX")) {
    sqlite3_stmt* s = cached(db, k);
    if (s) {
      rc = sqlite3_step(s);
      sqlite3_reset(s);
      rc = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? SQLITE_OK : rc;
      if (rc != SQLITE_OK && err) *err = NULL;
    } else {
      rc = real(db, sql, cb, arg, err);
    }
  } else {
    rc = real(db, sql, cb, arg, err);
  }
  if (k == 1 && rc != SQLITE_OK && holding) { holding = 0; pthread_mutex_unlock(&write_mu); }
  if ((k == 2 || k == 3) && holding && sqlite3_get_autocommit(db)) { holding = 0; pthread_mutex_unlock(&write_mu); }
  return rc;
}

// Slower disk.
static void fsync_delay(void) {
  const char* d = getenv("LBSHIM_FSYNC_DELAY_US");
  if (d) usleep((useconds_t)atoi(d));
}
int fdatasync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  fsync_delay();
  return real(fd);
}
int fsync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  fsync_delay();
  return real(fd);
}
