/* test-cli-export.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bd-account-list.h"
#include "bd-report.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "sync-test.h"

/* `billing-desk export invoices | invoice-pdfs` as a user runs them: a
 * child process with its own XDG folders, an account added and synced
 * through the command line (key in the session's keyring), a sandbox.
 * What the child writes is compared with bd_report_export() run here on
 * the same cache with the same BdReportQuery. */

typedef struct
{
  BdTestSandbox *sandbox;
  char          *exe;
  char          *home;
  char          *config;
  char          *data;
  char          *db;           /* the account's cache */
  char          *business;     /* the account's business name, or NULL */
  char          *first_day;    /* of the seeded payments */
  char          *quarter_day;
  char          *middle_day;
  char          *last_day;
  char          *currency;     /* the commonest among the first half's succeeded */
} Env;

typedef struct
{
  int     status;
  GBytes *out;
  char   *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_bytes_unref);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* The child's file size limit (RLIMIT_FSIZE), when not 0: a disk that is
 * full after that many bytes, for root too.  SIGXFSZ is ignored so that a
 * write past it fails with EFBIG instead of killing the child. */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { GPOINTER_TO_SIZE (user_data), GPOINTER_TO_SIZE (user_data) };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* Runs billing-desk with @args; @input on stdin; @fsize: see above. */
static void
run_full (Env                *env,
          Run                *r,
          const char         *input,
          gsize               fsize,
          const char * const *args)
{
  /* No input: stdin is /dev/null. */
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new ((input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0) |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GBytes) in = input != NULL ? g_bytes_new_static (input, strlen (input)) : NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, env->exe);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", env->config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", env->data, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DODO_PAYMENTS_API_KEY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  if (fsize > 0)
    g_subprocess_launcher_set_child_setup (launcher, limit_file_size, GSIZE_TO_POINTER (fsize), NULL);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (child, in, NULL, &r->out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  r->status = g_subprocess_get_exit_status (child);
  r->err = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  g_test_message ("billing-desk %s %s → %d\n%s", args[0], args[1] != NULL ? args[1] : "",
                  r->status, r->err);
}

#define run(env, r, ...) \
  run_full ((env), (r), NULL, 0, (const char * const []) { __VA_ARGS__, NULL })

/* A failure: the last line of stderr, and the only one of its kind, is
 * "billing-desk: reason", and the reason holds @part. */
static void
assert_failure (Run        *r,
                int         status,
                const char *part)
{
  g_auto(GStrv) lines = g_strsplit (r->err, "\n", -1);
  guint n = g_strv_length (lines);

  g_assert_cmpint (r->status, ==, status);
  g_assert_true (g_str_has_suffix (r->err, "\n"));
  g_assert_cmpuint (n, >=, 2);
  g_assert_true (g_str_has_prefix (lines[n - 2], "billing-desk: "));
  for (guint i = 0; i + 2 < n; i++)
    g_assert_false (g_str_has_prefix (lines[i], "billing-desk: "));
  if (strstr (lines[n - 2], part) == NULL)
    g_error ("“%s” does not say “%s”", lines[n - 2], part);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted, one a line ("" when empty or missing). */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("\n", (char **) names->pdata);
}

static char *
day_of (gint64 usec)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (when, "%Y-%m-%d");
}

/* The period of the seeded payments and a currency to filter on, read
 * from the cache itself. */
static void
read_cache_facts (Env *env)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 first, last;

  g_assert_cmpint (sqlite3_open_v2 (env->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT min(created_at), max(created_at) FROM payments",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  first = sqlite3_column_int64 (stmt, 0);
  last = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  env->first_day = day_of (first);
  env->quarter_day = day_of (first + (last - first) / 4);
  env->middle_day = day_of (first + (last - first) / 2);
  env->last_day = day_of (last);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT currency FROM payments WHERE status = 'succeeded' "
                                       "AND created_at < ?1 GROUP BY currency ORDER BY count(*) DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, first + (last - first) / 2);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  env->currency = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static char *
only_account (Env *env)
{
  g_autofree char *path = g_build_filename (env->config, "billing-desk", "accounts.ini", NULL);
  g_autoptr(BdAccountList) list = bd_account_list_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccount) account = NULL;

  g_assert_true (bd_account_list_load (list, &error));
  g_assert_no_error (error);
  account = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_nonnull (account);
  env->business = g_strdup (bd_account_get_business_name (account));
  return g_strdup (bd_account_get_id (account));
}

/* A sandbox, an account "Shop" on it added with the command line, and
 * its cache filled by `billing-desk sync`. */
static gboolean
env_set_up (Env *env)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *input = NULL;
  g_autofree char *id = NULL;

  if (!bd_test_require_secret_service ())
    return FALSE;
  env->exe = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "src", "billing-desk", NULL);
  if (!g_file_test (env->exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      bd_test_skip_or_fail ("billing-desk is not built");
      return FALSE;
    }
  env->sandbox = bd_test_sandbox_start_with ("--seed", "500", NULL);
  if (env->sandbox == NULL)
    return FALSE;
  env->home = g_dir_make_tmp ("bd-cli-export-XXXXXX", &error);
  g_assert_no_error (error);
  env->config = g_build_filename (env->home, "config", NULL);
  env->data = g_build_filename (env->home, "data", NULL);

  input = g_strdup_printf ("%s\n", bd_test_sandbox_get_key (env->sandbox));
  {
    g_auto(Run) r = { 0 };

    run_full (env, &r, input, 0, (const char * const []) {
      "accounts", "add", "--name", "Shop", "--mode", "sandbox",
      "--url", bd_test_sandbox_get_url (env->sandbox), NULL });
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto(Run) r = { 0 };

    run (env, &r, "sync");
    g_assert_cmpint (r.status, ==, 0);
  }
  id = only_account (env);
  env->db = g_build_filename (env->data, "billing-desk", id, "sandbox.db", NULL);
  g_assert_true (g_file_test (env->db, G_FILE_TEST_IS_REGULAR));
  read_cache_facts (env);
  return TRUE;
}

static void
env_tear_down (Env *env)
{
  if (env->home != NULL)
    {
      g_autofree char *locked = g_build_filename (env->home, "locked", NULL);

      g_chmod (locked, 0700);
      sync_test_remove_tree (env->home);
    }
  g_clear_pointer (&env->sandbox, bd_test_sandbox_free);
  g_free (env->exe);
  g_free (env->home);
  g_free (env->config);
  g_free (env->data);
  g_free (env->db);
  g_free (env->business);
  g_free (env->first_day);
  g_free (env->quarter_day);
  g_free (env->middle_day);
  g_free (env->last_day);
  g_free (env->currency);
}

/* Everything but the time the PDF was made ("Generated 2026-… UTC"). */
static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GRegex) generated = g_regex_new ("Generated \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC", 0, 0, NULL);
  g_autofree char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL))
    {
      bd_test_skip_or_fail ("pdftotext is not installed (poppler-utils)");
      return NULL;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "Generated "));
  return g_regex_replace_literal (generated, out, -1, 0, "Generated (time)", 0, NULL);
}

/* What the command line wrote at @cli equals bd_report_export() here:
 * byte for byte, or for a PDF, its text but for the time it was made. */
static void
assert_same_report (const char     *cli,
                    const char     *expected,
                    BdReportFormat  format)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize a_len, b_len;

  if (format == BD_REPORT_FORMAT_PDF)
    {
      a = pdf_text (cli);
      b = pdf_text (expected);
      if (a != NULL && b != NULL)
        g_assert_cmpstr (a, ==, b);
      return;
    }
  g_assert_true (g_file_get_contents (cli, &a, &a_len, NULL));
  g_assert_true (g_file_get_contents (expected, &b, &b_len, NULL));
  g_assert_cmpmem (a, a_len, b, b_len);
}

/* bd_report_export() of @query into @path, in this process. */
static void
export_here (Env                 *env,
             const BdReportQuery *query,
             BdReportFormat       format,
             const char          *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (env->db, &error);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_no_error (error);
  g_assert_true (bd_report_export (store, query, format, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static BdReportQuery *
make_query (Env        *env,
            const char *first,
            const char *last,
            const char *status,
            const char *currency)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_report_query_set_days (query, first, last, &error));
  g_assert_no_error (error);
  query->status = g_strdup (status);
  query->currency = g_strdup (currency);
  query->business_name = g_strdup (env->business);
  return g_steal_pointer (&query);
}

static const char * const format_names[] = { "csv", "json", "pdf" };

/* The three formats, unfiltered and filtered: the same as in-process,
 * to a file and to standard output; an existing file is replaced. */
static void
test_export_same_as_reports (void)
{
  Env env = { 0 };
  g_autofree char *out_dir = NULL;
  g_autofree char *ref_dir = NULL;

  if (!env_set_up (&env))
    {
      env_tear_down (&env);
      return;
    }
  out_dir = g_build_filename (env.home, "out", NULL);
  ref_dir = g_build_filename (env.home, "ref", NULL);
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (ref_dir, 0700), ==, 0);

  for (guint filtered = 0; filtered < 2; filtered++)
    for (BdReportFormat format = BD_REPORT_FORMAT_CSV; format <= BD_REPORT_FORMAT_PDF; format++)
      {
        const char *last = filtered ? env.middle_day : env.last_day;
        g_autofree char *name = g_strdup_printf ("report-%u.%s", filtered, format_names[format]);
        g_autofree char *out = g_build_filename (out_dir, name, NULL);
        g_autofree char *ref = g_build_filename (ref_dir, name, NULL);
        g_autofree char *piped = g_build_filename (ref_dir, "piped", NULL);
        g_autoptr(BdReportQuery) query = make_query (&env, env.first_day, last,
                                                     filtered ? "succeeded" : NULL,
                                                     filtered ? env.currency : NULL);
        g_auto(Run) r = { 0 };
        g_auto(Run) piped_run = { 0 };
        g_autofree char *lower = g_ascii_strdown (env.currency, -1);

        if (filtered)
          run (&env, &r, "export", "invoices", "--from", env.first_day, "--to", last,
               "--format", format_names[format], "--output", out, "--account", "Shop",
               "--status", "succeeded", "--currency", lower);
        else
          run (&env, &r, "export", "invoices", "--from", env.first_day, "--to", last,
               "--format", format_names[format], "--output", out);
        g_assert_cmpint (r.status, ==, 0);
        g_assert_cmpuint (g_bytes_get_size (r.out), ==, 0);
        g_assert_nonnull (strstr (r.err, out));     /* "Wrote N invoices to FILE" */
        export_here (&env, query, format, ref);
        assert_same_report (out, ref, format);

        /* --output - : the same bytes on stdout, no file. */
        if (filtered)
          run (&env, &piped_run, "export", "invoices", "--from", env.first_day, "--to", last,
               "--format", format_names[format], "--output", "-",
               "--status", "succeeded", "--currency", lower);
        else
          run (&env, &piped_run, "export", "invoices", "--from", env.first_day, "--to", last,
               "--format", format_names[format], "--output", "-");
        g_assert_cmpint (piped_run.status, ==, 0);
        g_assert_true (g_file_set_contents (piped, g_bytes_get_data (piped_run.out, NULL),
                                            g_bytes_get_size (piped_run.out), NULL));
        assert_same_report (piped, out, format);
      }

  /* Sanity: the filter selects fewer rows, and every row it keeps is a
   * succeeded payment in that currency. */
  {
    g_autofree char *all = NULL;
    g_autofree char *some = NULL;
    g_autofree char *all_path = g_build_filename (out_dir, "report-0.csv", NULL);
    g_autofree char *some_path = g_build_filename (out_dir, "report-1.csv", NULL);
    g_auto(GStrv) lines = NULL;
    g_autofree char *cell = NULL;

    g_assert_true (g_file_get_contents (all_path, &all, NULL, NULL));
    g_assert_true (g_file_get_contents (some_path, &some, NULL, NULL));
    lines = g_strsplit (some, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), >, 2);
    g_assert_cmpuint (strlen (some), <, strlen (all));
    cell = g_strdup_printf (",succeeded,%s,", env.currency);
    for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
      g_assert_nonnull (strstr (lines[i], cell));
  }

  /* An existing file is replaced whole, by a rename (a new inode). */
  {
    g_autofree char *out = g_build_filename (out_dir, "old.csv", NULL);
    g_autofree char *ref = g_build_filename (ref_dir, "report-0.csv", NULL);
    GStatBuf before, after;
    g_auto(Run) r = { 0 };

    g_assert_true (g_file_set_contents (out, "an old file, much longer than nothing at all\n", -1, NULL));
    g_assert_cmpint (g_stat (out, &before), ==, 0);
    run (&env, &r, "export", "invoices", "--from", env.first_day, "--to", env.last_day,
         "--format", "csv", "--output", out);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpint (g_stat (out, &after), ==, 0);
    g_assert_cmpuint (before.st_ino, !=, after.st_ino);
    assert_same_report (out, ref, BD_REPORT_FORMAT_CSV);
  }

  env_tear_down (&env);
}

#define FULL_DISK (40 * 1024)

/* A failed export leaves the previous file as it was and no other file,
 * and says which file it could not write. */
static void
test_export_fails_cleanly (void)
{
  Env env = { 0 };
  g_autofree char *locked = NULL;
  g_autofree char *full = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *before = NULL;
  const char *old = "date,invoice_id\r\nthe previous export\r\n";

  if (!env_set_up (&env))
    {
      env_tear_down (&env);
      return;
    }

  /* A read-only folder holding the previous export.  (Root writes into
   * any folder; the full disk below covers that case.) */
  locked = g_build_filename (env.home, "locked", NULL);
  g_assert_cmpint (g_mkdir (locked, 0700), ==, 0);
  old_path = g_build_filename (locked, "report.csv", NULL);
  g_assert_true (g_file_set_contents (old_path, old, -1, NULL));
  g_assert_cmpint (g_chmod (locked, 0500), ==, 0);
  before = list_dir (locked);
  if (access (locked, W_OK) != 0)
    for (BdReportFormat format = BD_REPORT_FORMAT_CSV; format <= BD_REPORT_FORMAT_PDF; format++)
      {
        g_auto(Run) r = { 0 };
        g_autofree char *contents = NULL;
        g_autofree char *now = NULL;

        run (&env, &r, "export", "invoices", "--from", env.first_day, "--to", env.last_day,
             "--format", format_names[format], "--output", old_path);
        assert_failure (&r, 1, old_path);
        g_assert_true (g_file_get_contents (old_path, &contents, NULL, NULL));
        g_assert_cmpstr (contents, ==, old);
        now = list_dir (locked);
        g_assert_cmpstr (now, ==, before);
      }
  else
    g_test_message ("running as root: the read-only folder does not stop writes");

  /* A disk that fills up (RLIMIT_FSIZE) after 40 KiB: room for the cache's
   * 32 KiB shared-memory file, not for the report (checked below), so the
   * temporary file is begun, the export fails half-way, and only the
   * previous file is left. */
  full = g_build_filename (env.home, "full", NULL);
  g_assert_cmpint (g_mkdir (full, 0700), ==, 0);
  g_clear_pointer (&old_path, g_free);
  old_path = g_build_filename (full, "report.csv", NULL);
  g_assert_true (g_file_set_contents (old_path, old, -1, NULL));
  g_clear_pointer (&before, g_free);
  before = list_dir (full);
  for (BdReportFormat format = BD_REPORT_FORMAT_CSV; format <= BD_REPORT_FORMAT_PDF; format++)
    {
      g_autoptr(BdReportQuery) query = make_query (&env, env.first_day, env.last_day, NULL, NULL);
      g_autofree char *ref = g_build_filename (env.home, format_names[format], NULL);
      g_auto(Run) r = { 0 };
      g_autofree char *contents = NULL;
      g_autofree char *now = NULL;
      GStatBuf size;

      export_here (&env, query, format, ref);
      g_assert_cmpint (g_stat (ref, &size), ==, 0);
      g_assert_cmpint (size.st_size, >, FULL_DISK + 4096);
      run_full (&env, &r, NULL, FULL_DISK, (const char * const []) {
        "export", "invoices", "--from", env.first_day, "--to", env.last_day,
        "--format", format_names[format], "--output", old_path, NULL });
      assert_failure (&r, 1, old_path);
      g_assert_true (g_file_get_contents (old_path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, old);
      now = list_dir (full);
      g_assert_cmpstr (now, ==, before);
    }

  env_tear_down (&env);
}

/* Bad command lines exit 2 (a missing account or cache 1), say why in one
 * line, and create nothing: no file, no folder, no cache. */
static void
test_export_bad_arguments (void)
{
  Env env = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *pdfs = NULL;
  g_autofree char *data_before = NULL;
  g_autofree char *input = NULL;

  if (!env_set_up (&env))
    {
      env_tear_down (&env);
      return;
    }
  dir = g_build_filename (env.home, "empty", NULL);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  out = g_build_filename (dir, "report.csv", NULL);
  pdfs = g_build_filename (dir, "pdfs", NULL);

  {
    static const struct
    {
      const char *args[16];
      const char *reason;
    } cases[] = {
      { { "export", NULL }, NULL },
      { { "export", "receipts", NULL }, "receipts" },
      { { "export", "invoices", "--from", "2026-01-01", "--to", "2026-01-31", "--output", "OUT", NULL }, "--format" },
      { { "export", "invoices", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "xlsx", "--output", "OUT", NULL }, "xlsx" },
      { { "export", "invoices", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv", NULL }, "--output" },
      { { "export", "invoices", "--to", "2026-01-31", "--format", "csv", "--output", "OUT", NULL }, "--from" },
      { { "export", "invoices", "--from", "2026-02-30", "--to", "2026-03-31", "--format", "csv", "--output", "OUT", NULL }, "2026-02-30" },
      { { "export", "invoices", "--from", "yesterday", "--to", "2026-03-31", "--format", "csv", "--output", "OUT", NULL }, "yesterday" },
      { { "export", "invoices", "--from", "2026-03-01", "--to", "2026-02-01", "--format", "csv", "--output", "OUT", NULL }, "2026-02-01" },
      { { "export", "invoices", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv", "--output", "OUT", "--status", "paid", NULL }, "paid" },
      { { "export", "invoices", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv", "--output", "OUT", "--currency", "XYZ", NULL }, "XYZ" },
      { { "export", "invoices", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv", "--output", "OUT", "--colour", NULL }, "--colour" },
      { { "export", "invoices", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv", "--output", "OUT", "extra", NULL }, "extra" },
      { { "export", "invoice-pdfs", "--from", "2026-01-01", "--to", "2026-01-31", NULL }, "--dir" },
      { { "export", "invoice-pdfs", "--from", "2026-03-01", "--to", "2026-02-01", "--dir", "PDFS", NULL }, "2026-02-01" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const char *args[G_N_ELEMENTS (cases[i].args)] = { NULL };
        g_auto(Run) r = { 0 };
        g_autofree char *left = NULL;

        for (guint a = 0; cases[i].args[a] != NULL; a++)
          args[a] = g_str_equal (cases[i].args[a], "OUT") ? out
                  : g_str_equal (cases[i].args[a], "PDFS") ? pdfs
                  : cases[i].args[a];
        run_full (&env, &r, NULL, 0, args);
        if (cases[i].reason != NULL)
          assert_failure (&r, 2, cases[i].reason);
        else
          g_assert_cmpint (r.status, ==, 2);    /* the usage text */
        left = list_dir (dir);
        g_assert_cmpstr (left, ==, "");
      }
  }

  /* No such account; an account without a cache yet (none is created). */
  {
    g_auto(Run) r = { 0 };
    g_autofree char *left = NULL;

    run (&env, &r, "export", "invoices", "--from", env.first_day, "--to", env.last_day,
         "--format", "csv", "--output", out, "--account", "Nobody");
    assert_failure (&r, 1, "Nobody");
    left = list_dir (dir);
    g_assert_cmpstr (left, ==, "");
  }
  input = g_strdup_printf ("%s\n", bd_test_sandbox_get_key (env.sandbox));
  {
    g_auto(Run) r = { 0 };

    run_full (&env, &r, input, 0, (const char * const []) {
      "accounts", "add", "--name", "Other", "--mode", "sandbox",
      "--url", bd_test_sandbox_get_url (env.sandbox), NULL });
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_autofree char *cache_root = g_build_filename (env.data, "billing-desk", NULL);
    g_auto(Run) r = { 0 };
    g_auto(Run) pdf_run = { 0 };
    g_autofree char *data_after = NULL;
    g_autofree char *left = NULL;

    data_before = list_dir (cache_root);
    run (&env, &r, "export", "invoices", "--from", env.first_day, "--to", env.last_day,
         "--format", "csv", "--output", out, "--account", "Other");
    assert_failure (&r, 1, "billing-desk sync");
    run (&env, &pdf_run, "export", "invoice-pdfs", "--from", env.first_day, "--to", env.last_day,
         "--dir", pdfs, "--account", "Other");
    assert_failure (&pdf_run, 1, "billing-desk sync");
    /* Two accounts now: one must be chosen. */
    {
      g_auto(Run) choose = { 0 };

      run (&env, &choose, "export", "invoices", "--from", env.first_day, "--to", env.last_day,
           "--format", "csv", "--output", out);
      assert_failure (&choose, 2, "--account");
    }
    data_after = list_dir (cache_root);
    g_assert_cmpstr (data_after, ==, data_before);
    left = list_dir (dir);
    g_assert_cmpstr (left, ==, "");
  }

  env_tear_down (&env);
}

/* The succeeded payments of @query, as the JSON export lists them: the
 * names their invoice PDFs get ("inv_….pdf", sorted, one a line). */
static char *
expected_pdf_names (Env                 *env,
                    const BdReportQuery *query,
                    guint               *n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (env->db, &error);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(BdReportQuery) succeeded = bd_report_query_copy (query);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *rows;

  g_assert_no_error (error);
  g_free (succeeded->status);
  succeeded->status = g_strdup ("succeeded");
  g_assert_true (bd_report_write (store, succeeded, BD_REPORT_FORMAT_JSON, memory, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (memory, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser,
                                             g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                                             g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)),
                                             &error));
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *id = json_object_get_string_member_with_default (row, "invoice_id", NULL);

      if (id == NULL)
        id = json_object_get_string_member (row, "payment_id");
      g_ptr_array_add (names, g_strconcat (id, ".pdf", NULL));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  *n = names->len - 1;
  return g_strjoinv ("\n", (char **) names->pdata);
}

/* One PDF per succeeded payment of the period, one request each; a second
 * run finds them all and asks for nothing. */
static void
test_export_invoice_pdfs (void)
{
  Env env = { 0 };
  g_autoptr(BdReportQuery) query = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *listed = NULL;
  guint n = 0;

  if (!env_set_up (&env))
    {
      env_tear_down (&env);
      return;
    }
  query = make_query (&env, env.first_day, env.quarter_day, NULL, NULL);
  expected = expected_pdf_names (&env, query, &n);
  g_assert_cmpuint (n, >, 2);
  dir = g_build_filename (env.home, "invoices", "2026", NULL);   /* created with its parent */

  sync_test_requests (env.sandbox, TRUE);
  {
    g_auto(Run) r = { 0 };

    run (&env, &r, "export", "invoice-pdfs", "--from", env.first_day, "--to", env.quarter_day,
         "--dir", dir);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "downloading invoice PDFs"));
  }
  g_assert_cmpuint (sync_test_requests (env.sandbox, TRUE), ==, n);
  listed = list_dir (dir);
  g_assert_cmpstr (listed, ==, expected);
  {
    g_auto(GStrv) names = g_strsplit (listed, "\n", -1);

    for (guint i = 0; names[i] != NULL; i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);
        g_autoptr(GFile) file = g_file_new_for_path (path);

        g_assert_true (bd_report_is_valid_pdf (file));
      }
  }

  /* Again: nothing to download, nothing asked of the server. */
  {
    g_auto(Run) r = { 0 };
    g_autofree char *again = NULL;
    g_autofree char *skipped = g_strdup_printf ("(%u were there already", n);

    run (&env, &r, "export", "invoice-pdfs", "--from", env.first_day, "--to", env.quarter_day,
         "--dir", dir, "--account", "Shop");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, skipped));
    again = list_dir (dir);
    g_assert_cmpstr (again, ==, expected);
  }
  g_assert_cmpuint (sync_test_requests (env.sandbox, TRUE), ==, 0);

  env_tear_down (&env);
}

int
main (int   argc,
      char *argv[])
{
  /* The child runs with LC_ALL=C: the same words and paper here. */
  g_setenv ("LC_ALL", "C", TRUE);
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/export/same-as-reports", test_export_same_as_reports);
  g_test_add_func ("/cli/export/fails-cleanly", test_export_fails_cleanly);
  g_test_add_func ("/cli/export/bad-arguments", test_export_bad_arguments);
  g_test_add_func ("/cli/export/invoice-pdfs", test_export_invoice_pdfs);

  return g_test_run ();
}
