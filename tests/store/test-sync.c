/* test-sync.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "bd-sync.h"
#include "bd-test-util.h"
#include "store-test.h"
#include "sync-test.h"

/* The sync engine against a real sandbox process over loopback. */

/* (a) A first sync stores exactly what the sandbox holds; a second one
 * changes nothing and asks little. */
static void
test_sync_exact (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "2000", NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GDateTime) full_pass = NULL;
  g_autoptr(BdStore) store = NULL;
  guint progress = 0;

  if (sandbox == NULL)
    return;
  client = sync_test_client (sandbox);
  path = store_test_new_path ();

  g_assert_true (sync_test_run (client, path, &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress, >, 0);
  sync_test_assert_exact (sandbox, client, path);

  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (bd_store_get_sync_state (store, "payments", &cursor, &full_pass, &error));
  g_assert_true (g_str_has_prefix (cursor, "done "));
  g_assert_nonnull (full_pass);
  g_clear_pointer (&full_pass, g_date_time_unref);
  full_pass = bd_sync_read_last_success (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (full_pass);

  /* Nothing new: a handful of requests, whatever N. */
  sync_test_requests (sandbox, TRUE);
  g_assert_true (sync_test_run (client, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_test_requests (sandbox, FALSE), <=, 20);
  sync_test_assert_exact (sandbox, client, path);

  store_test_cleanup (path);
}

/* (b) After k changes, a sync asks O(k) requests, not O(N). */
static guint
incremental_requests (const char *seed,
                      guint       k)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", seed, NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint requests;

  if (sandbox == NULL)
    return 0;
  client = sync_test_client (sandbox);
  path = store_test_new_path ();

  g_assert_true (sync_test_run (client, path, NULL, &error));
  g_assert_no_error (error);

  sync_test_make_changes (sandbox, k);
  sync_test_requests (sandbox, TRUE);
  g_assert_true (sync_test_run (client, path, NULL, &error));
  g_assert_no_error (error);
  requests = sync_test_requests (sandbox, FALSE);
  g_test_message ("seed %s, k = %u: %u requests", seed, k, requests);
  sync_test_assert_exact (sandbox, client, path);

  store_test_cleanup (path);
  return requests;
}

static void
test_sync_incremental (void)
{
  guint small = incremental_requests ("1000", 6);
  guint large;

  if (small == 0)
    return;
  large = incremental_requests ("5000", 6);

  /* Five times the objects, the same requests within the refresh's noise:
   * a status with at most two cached objects is read by id, with more as a
   * list, so a count can move by a request or two either way. */
  g_assert_cmpuint (small, <=, 40);
  g_assert_cmpuint (large, <=, small + 4);
  g_assert_cmpuint (small, <=, large + 4);
}

/* The ids of the sandbox's subscriptions in @status, in list order. */
static GPtrArray *
served_ids (BdTestSandbox *sandbox,
            const char    *status)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint page = 0; ; page++)
    {
      g_autofree char *path = g_strdup_printf ("/subscriptions?status=%s&page_size=100&page_number=%u",
                                               status, page);
      g_autoptr(JsonNode) list = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
      JsonArray *items = json_object_get_array_member (json_node_get_object (list), "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
          json_array_get_object_element (items, i), "subscription_id")));
      if (json_array_get_length (items) < 100)
        return ids;
    }
}

static char *
sweep_cursor (const char *path,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  char *cursor = NULL;

  g_assert_no_error (error);
  g_assert_true (bd_store_get_sync_state (store, key, &cursor, NULL, &error));
  g_assert_no_error (error);
  return cursor;
}

/* (b') The refresh sweeps a status a few pages a run: each run's requests
 * stay bounded however many objects can change, the sweep goes on where
 * the last run stopped, and when it has gone round, an edit on its last
 * page and a status change on its first have both arrived: the cache is
 * exact.  A first pass needs no refresh. */
static void
test_sync_sweep (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "25000", NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autoptr(JsonNode) cancelled = NULL;
  g_autoptr(JsonNode) edited = NULL;
  guint pages, runs = 0;

  if (sandbox == NULL)
    return;
  client = sync_test_client (sandbox);
  path = store_test_new_path ();

  g_assert_true (sync_test_run (client, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (sweep_cursor (path, "subscriptions:active"));

  active = served_ids (sandbox, "active");
  pages = (active->len + 99) / 100;
  g_test_message ("%u active subscriptions, %u pages", active->len, pages);
  g_assert_cmpuint (pages, >=, 3);
  first = g_strdup_printf ("/subscriptions/%s", (char *) active->pdata[0]);
  last = g_strdup_printf ("/subscriptions/%s", (char *) active->pdata[active->len - 1]);
  cancelled = bd_test_sandbox_call (sandbox, "PATCH", first, "{\"status\":\"cancelled\"}", 200);
  edited = bd_test_sandbox_call (sandbox, "PATCH", last, "{\"metadata\":{\"plan\":\"changed\"}}", 200);

  /* One page a run: the sweep of the active ones takes a run per page. */
  g_setenv ("BD_SYNC_SWEEP_PAGES", "1", TRUE);
  for (;;)
    {
      g_autofree char *cursor = NULL;
      guint requests;

      sync_test_requests (sandbox, TRUE);
      g_assert_true (sync_test_run (client, path, NULL, &error));
      g_assert_no_error (error);
      requests = sync_test_requests (sandbox, FALSE);
      runs++;
      cursor = sweep_cursor (path, "subscriptions:active");
      g_test_message ("run %u: %u requests, active sweep at “%s”", runs, requests, cursor);
      /* The windows (7) and a page or two per live status. */
      g_assert_cmpuint (requests, <=, 24);
      if (g_str_equal (cursor, "sweep 0"))
        break;
      g_assert_cmpstr (cursor, !=, "gone");
      g_assert_cmpuint (runs, <, pages);
    }
  g_unsetenv ("BD_SYNC_SWEEP_PAGES");
  g_assert_cmpuint (runs, ==, pages);
  sync_test_assert_exact (sandbox, client, path);

  store_test_cleanup (path);
}

/* (c) With 5xx, 429, truncated and malformed answers, the cache still ends
 * exact; a page that never reads right changes nothing. */
static void
test_sync_faults (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with (
    "--seed", "4000", "--faults",
    "route=GET /*,fault=500,rate=0.1;"
    "route=GET /*,fault=429,retry_after=1,count=1;"
    "route=GET /*,fault=503,retry_after=0,rate=0.03;"
    "route=GET /*,fault=truncate,rate=0.08;"
    "route=GET /*,fault=malformed,rate=0.06",
    NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) rule = NULL;
  g_autoptr(JsonNode) cleared = NULL;
  g_autoptr(JsonNode) faults = NULL;
  JsonArray *rules;
  g_autofree char *path = NULL;
  g_autofree char *cursor_before = NULL;
  g_autofree char *cursor_after = NULL;
  g_autoptr(BdStore) store = NULL;
  gint64 rows_before;

  if (sandbox == NULL)
    return;
  client = sync_test_client (sandbox);
  path = store_test_new_path ();

  g_assert_true (sync_test_run (client, path, NULL, &error));
  g_assert_no_error (error);
  /* Every kind of fault was met. */
  faults = bd_test_sandbox_call (sandbox, "GET", "/_sandbox/faults", NULL, 200);
  rules = json_object_get_array_member (json_node_get_object (faults), "rules");
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *r = json_array_get_object_element (rules, i);

      g_test_message ("%s: fired %" G_GINT64_FORMAT, json_object_get_string_member (r, "rule"),
                      json_object_get_int_member (r, "fired"));
      g_assert_cmpint (json_object_get_int_member (r, "fired"), >, 0);
    }
  cleared = bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/faults", NULL, 200);
  sync_test_assert_exact (sandbox, client, path);

  /* New payments wait; every read of their page is broken. */
  sync_test_make_changes (sandbox, 3);
  rule = bd_test_sandbox_call (sandbox, "POST", "/_sandbox/faults",
                         "{\"spec\":\"route=GET /payments,fault=malformed,count=3\"}", 200);
  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (bd_store_get_sync_state (store, "payments", &cursor_before, NULL, &error));
  rows_before = bd_store_count (store, "payments", &error);

  g_assert_false (sync_test_run (client, path, NULL, &error));
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_SERVER);
  g_test_message ("malformed page: %s", error->message);
  g_clear_error (&error);

  g_assert_true (bd_store_get_sync_state (store, "payments", &cursor_after, NULL, &error));
  g_assert_cmpstr (cursor_after, ==, cursor_before);
  g_assert_cmpint (bd_store_count (store, "payments", &error), ==, rows_before);

  /* The faults are used up: the next run catches up. */
  g_assert_true (sync_test_run (client, path, NULL, &error));
  g_assert_no_error (error);
  sync_test_assert_exact (sandbox, client, path);

  store_test_cleanup (path);
}

/* How many payments the cache shows another connection, -1 before the
 * table is there. */
static gint64
committed_payments (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM payments", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
on_transactions_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_sync_run_finish (BD_SYNC (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Runs a first sync of @sandbox while another connection counts the
 * payments it can see; returns the counts seen, each once, in order.
 * (element-type gint64) */
static GArray *
watch_first_sync (BdTestSandbox *sandbox,
                  BdDodoClient  *client,
                  const char    *path,
                  guint          pages_per_transaction)
{
  g_autoptr(BdSync) sync = bd_sync_new (client, path);
  GArray *seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean done = FALSE;

  bd_sync_set_pages_per_transaction (sync, pages_per_transaction);
  bd_sync_run_async (sync, NULL, on_transactions_done, &done);
  while (!done)
    {
      gint64 count = committed_payments (path);

      if (count > 0 && (seen->len == 0 || g_array_index (seen, gint64, seen->len - 1) != count))
        g_array_append_val (seen, count);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  sync_test_assert_exact (sandbox, client, path);
  return seen;
}

/* A first pass writes several pages a transaction, and still shows what it
 * holds while a page is slow to come. */
static void
test_sync_transactions (void)
{
  g_autoptr(BdTestSandbox) sandbox = NULL;
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GArray) seen = NULL;
  g_autoptr(JsonNode) cleared = NULL;
  g_autoptr(JsonNode) rule = NULL;
  g_autofree char *path = NULL;
  g_autofree char *slow_path = NULL;

  /* 2,000 payments, a little slow to list: every count another connection
   * sees is a whole number of 4-page transactions. */
  sandbox = bd_test_sandbox_start_with ("--seed", "2000", "--faults",
                                        "route=GET /payments,fault=latency,ms=40", NULL);
  if (sandbox == NULL)
    return;
  client = sync_test_client (sandbox);
  path = store_test_new_path ();
  seen = watch_first_sync (sandbox, client, path, 4);
  g_assert_cmpuint (seen->len, >=, 2);
  for (guint i = 0; i < seen->len; i++)
    {
      gint64 count = g_array_index (seen, gint64, i);

      g_test_message ("payments seen: %" G_GINT64_FORMAT, count);
      g_assert_true (count % 400 == 0 || count == 2000);
    }
  g_assert_cmpint (g_array_index (seen, gint64, seen->len - 1), ==, 2000);
  g_clear_pointer (&seen, g_array_unref);

  /* Pages that take longer than a transaction may stay open (a second):
   * the rows already read are committed while the next page is awaited.
   * The first four pages take 1.5 s each: the first page's 100 payments
   * show while the next two are on their way. */
  cleared = bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/faults", NULL, 200);
  rule = bd_test_sandbox_call (sandbox, "POST", "/_sandbox/faults",
                               "{\"spec\":\"route=GET /payments,fault=latency,ms=1500,count=4\"}",
                               200);
  slow_path = store_test_new_path ();
  seen = watch_first_sync (sandbox, client, slow_path, 100);
  for (guint i = 0; i < seen->len; i++)
    g_test_message ("payments seen, slow pages: %" G_GINT64_FORMAT,
                    g_array_index (seen, gint64, i));
  g_assert_cmpuint (seen->len, >=, 3);
  g_assert_cmpint (g_array_index (seen, gint64, 0), ==, 100);
  g_assert_cmpint (g_array_index (seen, gint64, seen->len - 1), ==, 2000);

  store_test_cleanup (path);
  store_test_cleanup (slow_path);
}

/* A rejected key and a server that is gone are told apart. */
static void
test_sync_errors (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "50", NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (sandbox == NULL)
    return;
  client = sync_test_client (sandbox);
  path = store_test_new_path ();
  bd_dodo_client_set_api_key (client, "sk_wrong");
  g_assert_false (sync_test_run (client, path, NULL, &error));
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  bd_dodo_client_set_api_key (client, bd_test_sandbox_get_key (sandbox));
  g_assert_true (sync_test_run (client, path, NULL, &error));
  g_assert_no_error (error);

  bd_test_sandbox_stop (sandbox);
  bd_dodo_client_set_max_retries (client, 1);
  g_assert_false (sync_test_run (client, path, NULL, &error));
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_OFFLINE);
  store_test_cleanup (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/exact", test_sync_exact);
  g_test_add_func ("/sync/incremental", test_sync_incremental);
  g_test_add_func ("/sync/sweep", test_sync_sweep);
  g_test_add_func ("/sync/faults", test_sync_faults);
  g_test_add_func ("/sync/transactions", test_sync_transactions);
  g_test_add_func ("/sync/errors", test_sync_errors);

  return g_test_run ();
}
